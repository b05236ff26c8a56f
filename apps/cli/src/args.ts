import { parseRfc3339 } from '../../../libs/verifier/src/bundle/rfc3339.js';

/** Command-line options as `--name value` pairs; anything else is a usage error. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Options = ReadonlyMap<string, string>;

/** Reads `--name value` pairs, refusing names not in `allowed` and repeated names. */
export function readOptions(argv: readonly string[], allowed: readonly string[]): Options {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    const name = flag.startsWith('--') ? flag.slice(2) : undefined;
    if (name === undefined || !allowed.includes(name)) {
      throw new UsageError(`unknown option ${flag}`);
    }
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`option ${flag} needs a value`);
    }
    if (options.has(name)) throw new UsageError(`option ${flag} is given twice`);
    options.set(name, value);
  }
  return options;
}

export function required(options: Options, name: string): string {
  const value = options.get(name);
  if (value === undefined) throw new UsageError(`option --${name} is required`);
  return value;
}

/** A whole number from 1 to `max`, written in decimal digits only. */
export function positiveInteger(options: Options, name: string, max: number): number {
  const raw = required(options, name);
  const value = Number(raw);
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(value) || value > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return value;
}

const RELATIVE = /^\+([1-9]\d{0,4})d$/;
const MS_PER_DAY = 86_400_000;

/** What a date option accepts, as usage errors name it. */
const DATE_FORMS = 'an RFC 3339 date-time with an offset (2027-06-30T00:00:00Z) or +Nd';

/**
 * An RFC 3339 date-time with an explicit offset, or `+Nd` (N days from now, N from 1 to
 * 99999). Impossible dates (02-30, month 13, hour 24) are refused, never rolled over.
 */
export function dateOption(options: Options, name: string, now: Date): Date {
  const raw = required(options, name);
  const relative = RELATIVE.exec(raw);
  if (relative !== null) return new Date(now.getTime() + Number(relative[1]) * MS_PER_DAY);
  const epochMs = parseRfc3339(raw);
  if (epochMs === undefined) {
    throw new UsageError(`--${name} must be ${DATE_FORMS}, got "${raw}"`);
  }
  return new Date(epochMs);
}
