import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** Argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes): OWASP's baseline or above. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password or a stored hash that cannot be read; never throws on either. */
export async function passwordMatches(storedHash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(storedHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same effort as checking a real password, so an unknown e-mail address cannot be
 * told from a wrong password by the time the answer takes.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await passwordMatches(await decoy, password);
}
