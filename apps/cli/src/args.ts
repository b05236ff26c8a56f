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

/** A positive whole number, written in decimal digits only. */
export function positiveInteger(options: Options, name: string): number {
  const raw = required(options, name);
  const value = Number(raw);
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

const RELATIVE = /^\+(\d{1,5})d$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** An RFC 3339 date-time with offset, or `+Nd` (N days from now). */
export function dateOption(options: Options, name: string, now: Date): Date {
  const raw = required(options, name);
  const relative = RELATIVE.exec(raw);
  if (relative !== null) return new Date(now.getTime() + Number(relative[1]) * MS_PER_DAY);
  const date = new Date(raw);
  if (!ABSOLUTE.test(raw) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${name} must be an RFC 3339 date-time or +Nd, got "${raw}"`);
  }
  return date;
}
