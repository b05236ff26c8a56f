import { RE2 } from 're2-wasm';
import { BuildError } from '../errors.js';

/** One `rules2` entry of a CodeResources seal. */
export interface SealRule {
  /** Compiled for RE2, whose matching time is linear in the path: no pattern can backtrack. */
  readonly pattern: { test(path: string): boolean };
  readonly weight: number;
  readonly omit: boolean;
  readonly optional: boolean;
}

/** Most rules a seal may carry, and the longest pattern (patterns run on every bundle path). */
export const MAX_SEAL_RULES = 64;
export const MAX_RULE_PATTERN_LENGTH = 256;
const MAX_RULE_WEIGHT = 1_000_000;
const DEFAULT_WEIGHT = 1;

function malformed(what: string, detail: string): BuildError {
  return new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: rules2 ${detail}`);
}

/** Parses `rules2`: pattern → true, or a dictionary of omit/optional/nested/weight. */
export function parseRules(rules2: unknown, what: string): SealRule[] {
  if (typeof rules2 !== 'object' || rules2 === null || Array.isArray(rules2))
    throw malformed(what, 'expected a dictionary');
  const entries = Object.entries(rules2 as Record<string, unknown>);
  if (entries.length > MAX_SEAL_RULES)
    throw new BuildError('TOO_MANY_ENTRIES', `${what}: more than ${MAX_SEAL_RULES} rules2`);
  return entries.map(([source, value]) => parseRule(source, value, what));
}

function parseRule(source: string, value: unknown, what: string): SealRule {
  if (source.length === 0 || source.length > MAX_RULE_PATTERN_LENGTH)
    throw malformed(what, `pattern must have 1 to ${MAX_RULE_PATTERN_LENGTH} characters`);
  // The patterns come from the uploaded build. codesign reads them as POSIX regular expressions,
  // which have no backreferences or lookaround; RE2 accepts that syntax and never backtracks,
  // so a signed pattern cannot tie up the service (JavaScript's RegExp could).
  let pattern: SealRule['pattern'];
  try {
    pattern = new RE2(source, 'u');
  } catch {
    throw malformed(what, `${JSON.stringify(source)} is not a regular expression`);
  }
  if (value === true) return { pattern, weight: DEFAULT_WEIGHT, omit: false, optional: false };
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || Array.isArray(value))
    throw malformed(what, `${JSON.stringify(source)}: expected true or a dictionary`);
  const rule = value as Record<string, unknown>;
  const weight = rule['weight'] ?? DEFAULT_WEIGHT;
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= MAX_RULE_WEIGHT))
    throw malformed(what, `${JSON.stringify(source)}: weight out of range`);
  return { pattern, weight, omit: rule['omit'] === true, optional: rule['optional'] === true };
}

/**
 * The rule that governs a path: the matching rule of highest weight. Among equal weights the
 * omitting rule wins, as codesign applies them (Xcode's `^` at weight 20 ties with
 * `^Info\.plist$` and `^PkgInfo$`, which it omits). The rules are themselves signed, so this
 * only follows the signer's intent.
 */
export function matchRule(rules: readonly SealRule[], path: string): SealRule | null {
  let best: SealRule | null = null;
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    if (best === null || rule.weight > best.weight) best = rule;
    else if (rule.weight === best.weight && looseness(rule) > looseness(best)) best = rule;
  }
  return best;
}

function looseness(rule: SealRule): number {
  if (rule.omit) return 2;
  return rule.optional ? 1 : 0;
}
