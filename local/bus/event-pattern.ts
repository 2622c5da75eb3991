/**
 * An EventBridge event-pattern matcher for the in-process bus, so a rule declared in
 * the module declarations select the same events locally as it does in AWS.
 *
 * Supported (the subset the wiring may use; see docs/adr/0021-local-event-bus.md):
 * - exact values: `["a", "b"]`, numbers, booleans and `null` in the array;
 * - `{ "prefix": "x" }`, `{ "suffix": "x" }`, `{ "equals-ignore-case": "x" }`;
 * - `{ "anything-but": v | [v…] | { "prefix": "x" } | { "suffix": "x" } }`;
 * - `{ "exists": true | false }`;
 * - `{ "numeric": [">", 0, "<=", 5] }`;
 * - nested objects; arrays in the event match when any element matches (EventBridge semantics);
 * - `$or` at any level.
 * An unknown operator throws, so a rule the local bus cannot evaluate fails loudly at start.
 */
export type Pattern = Readonly<Record<string, unknown>>;

/** Throws when a pattern uses an operator this matcher does not implement. */
export function validatePattern(pattern: unknown, path = ''): void {
  if (!isPlainObject(pattern)) throw new Error(`Event pattern${path ? ` at ${path}` : ''} must be an object`);
  for (const [key, value] of Object.entries(pattern)) {
    const here = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new Error(`$or at ${here} must be a non-empty array`);
      for (const alternative of value) validatePattern(alternative, here);
    } else if (Array.isArray(value)) {
      for (const matcher of value) validateMatcher(matcher, here);
    } else if (isPlainObject(value)) {
      validatePattern(value, here);
    } else {
      throw new Error(`Event pattern value at ${here} must be an array or an object`);
    }
  }
}

/** Whether `event` (an EventBridge-shaped event) matches `pattern`. */
export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: Pattern, value: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      const alternatives = expected as readonly Pattern[];
      if (!alternatives.some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const actual = isPlainObject(value) ? value[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchField(expected, actual, isPlainObject(value) && key in value)) return false;
    } else if (isPlainObject(expected)) {
      if (!isPlainObject(actual)) return false;
      if (!matchObject(expected, actual)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** A field matches when any matcher matches any of its values (an array field offers each element). */
function matchField(matchers: readonly unknown[], actual: unknown, present: boolean): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (isPlainObject(matcher) && 'exists' in matcher) {
      const leafPresent = present && actual !== undefined && !isPlainObject(actual);
      return matcher.exists === leafPresent;
    }
    if (!present) {
      // anything-but does not match a missing field in EventBridge either.
      return false;
    }
    return values.some((value) => matchValue(matcher, value));
  });
}

function matchValue(matcher: unknown, value: unknown): boolean {
  if (!isPlainObject(matcher)) return scalarEquals(matcher, value);
  if ('prefix' in matcher) {
    const prefix = matcher.prefix;
    if (isPlainObject(prefix) && typeof prefix['equals-ignore-case'] === 'string') {
      return typeof value === 'string' && value.toLowerCase().startsWith(prefix['equals-ignore-case'].toLowerCase());
    }
    return typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix);
  }
  if ('suffix' in matcher) {
    return typeof value === 'string' && typeof matcher.suffix === 'string' && value.endsWith(matcher.suffix);
  }
  if ('equals-ignore-case' in matcher) {
    const expected = matcher['equals-ignore-case'];
    return typeof value === 'string' && typeof expected === 'string' && value.toLowerCase() === expected.toLowerCase();
  }
  if ('anything-but' in matcher) {
    const excluded = matcher['anything-but'];
    if (isPlainObject(excluded)) return !matchValue(excluded, value);
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.some((item) => scalarEquals(item, value));
  }
  if ('numeric' in matcher) {
    return typeof value === 'number' && matchNumeric(matcher.numeric as readonly unknown[], value);
  }
  return false;
}

function matchNumeric(conditions: readonly unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const operator = conditions[i];
    const operand = conditions[i + 1] as number;
    const ok =
      operator === '='
        ? value === operand
        : operator === '<'
          ? value < operand
          : operator === '<='
            ? value <= operand
            : operator === '>'
              ? value > operand
              : operator === '>='
                ? value >= operand
                : false;
    if (!ok) return false;
  }
  return true;
}

function scalarEquals(expected: unknown, value: unknown): boolean {
  return expected === value;
}

const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists'];
const NUMERIC_OPERATORS = ['=', '<', '<=', '>', '>='];

function validateMatcher(matcher: unknown, path: string): void {
  if (!isPlainObject(matcher)) {
    if (matcher === null || ['string', 'number', 'boolean'].includes(typeof matcher)) return;
    throw new Error(`Unsupported matcher at ${path}: ${JSON.stringify(matcher)}`);
  }
  const keys = Object.keys(matcher);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined || !OPERATORS.includes(operator)) {
    throw new Error(`Unsupported operator at ${path}: ${JSON.stringify(matcher)}`);
  }
  if (operator === 'numeric') {
    const conditions = matcher.numeric;
    if (!Array.isArray(conditions) || conditions.length === 0 || conditions.length % 2 !== 0) {
      throw new Error(`numeric at ${path} needs operator/number pairs`);
    }
    for (let i = 0; i < conditions.length; i += 2) {
      if (!NUMERIC_OPERATORS.includes(conditions[i]) || typeof conditions[i + 1] !== 'number') {
        throw new Error(`numeric at ${path} has an invalid condition`);
      }
    }
  }
  if (operator === 'exists' && typeof matcher.exists !== 'boolean') {
    throw new Error(`exists at ${path} must be true or false`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
