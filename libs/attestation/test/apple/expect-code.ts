import { AttestationError, type AttestationErrorCode } from '../../src/errors.js';

/** Runs `action` and asserts that it throws an AttestationError with exactly `code`. */
export function expectAttestationError(
  action: () => unknown,
  code: AttestationErrorCode,
): AttestationError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AttestationError);
  expect((caught as AttestationError).code).toBe(code);
  return caught as AttestationError;
}
