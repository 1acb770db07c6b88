/**
 * An independent statement of which strings Kubernetes' labels.Parse accepts,
 * written from its grammar (k8s.io/apimachinery/pkg/labels/selector.go's
 * doc comment) rather than from src/validation/label-selector.ts, for the
 * property tests' oracle: it says yes or no, never why.
 *
 *   selector    ::= "" | requirement ("," requirement)*
 *   requirement ::= "!" KEY | KEY
 *                 | KEY ("=" | "==" | "!=") [VALUE]
 *                 | KEY (">" | "<") INTEGER
 *                 | KEY ("in" | "notin") "(" [VALUE] ("," [VALUE])* ")"
 *
 * Tokens are split by whitespace (space, tab, CR, LF) and by the special
 * characters = ! ( ) , > <, of which "==" and "!=" are read as one (NUL
 * bytes as Go's lexer reads them, see tokens). A key must be a label key, every
 * value a label value, and "in"/"notin" are words only where an operator
 * goes.
 */
import { isLabelKeyString, isLabelValueString } from './grammar.js';

const SPECIAL = '=!(),><';
const WHITESPACE = ' \t\r\n';

/**
 * tokens splits the selector; a special token is marked with a leading NUL,
 * which no word can hold. A NUL where a token would start ends the input; a
 * NUL right after a token only ends that token (Go's lexer reads a NUL as it
 * reads the end, and only looks for the end before a token).
 */
function tokens(input: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && WHITESPACE.includes(input[i]!)) i++;
    if (i >= input.length || input[i] === '\0') return out;
    let token: string;
    if (SPECIAL.includes(input[i]!)) {
      const two = input.slice(i, i + 2);
      token = two === '==' || two === '!=' ? two : input[i]!;
      out.push(`\0${token}`);
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.includes(input[j]!) && !WHITESPACE.includes(input[j]!) && input[j] !== '\0') j++;
      token = input.slice(i, j);
      out.push(token);
    }
    i += token.length;
    if (input[i] === '\0') i++;
  }
}

const isWord = (token: string | undefined): token is string => token !== undefined && !token.startsWith('\0');
const is = (token: string | undefined, symbol: string): boolean => token === `\0${symbol}`;

/** INT64 is what strconv.ParseInt(v, 10, 64) reads, range aside, once a label value: digits only. */
function isInt64Value(value: string): boolean {
  return /^\d+$/.test(value) && BigInt(value) <= 2n ** 63n - 1n;
}

/** requirementEnd says whether pos is where a requirement may end: the end, or a comma. */
const requirementEnd = (list: string[], pos: number): boolean => pos === list.length || is(list[pos], ',');

/** requirement returns the position after the requirement at pos, or -1 when none parses there. */
function requirement(list: string[], pos: number): number {
  const negated = is(list[pos], '!');
  if (negated) pos++;
  const key = list[pos++];
  if (!isWord(key) || !isLabelKeyString(key)) return -1;
  if (negated || requirementEnd(list, pos)) return pos;
  const operator = list[pos++];
  if (is(operator, '=') || is(operator, '==') || is(operator, '!=')) {
    if (requirementEnd(list, pos)) return pos;
    const value = list[pos++];
    return isWord(value) && isLabelValueString(value) ? pos : -1;
  }
  if (is(operator, '>') || is(operator, '<')) {
    const value = list[pos++];
    return isWord(value) && isLabelValueString(value) && isInt64Value(value) ? pos : -1;
  }
  if (operator !== 'in' && operator !== 'notin') return -1;
  if (!is(list[pos++], '(')) return -1;
  // Values and commas in any order, empty values allowed, up to the closing parenthesis.
  for (; !is(list[pos], ')'); pos++) {
    const token = list[pos];
    if (is(token, ',')) continue;
    if (!isWord(token) || !isLabelValueString(token) || !(is(list[pos + 1], ',') || is(list[pos + 1], ')'))) return -1;
  }
  return pos + 1;
}

/** parsesAsLabelSelector says whether labels.Parse accepts selector. */
export function parsesAsLabelSelector(selector: string): boolean {
  const list = tokens(selector);
  if (list.length === 0) return true;
  for (let pos = 0; ; ) {
    pos = requirement(list, pos);
    if (pos === -1) return false;
    if (pos === list.length) return true;
    if (!is(list[pos], ',') || pos + 1 === list.length) return false;
    pos++;
  }
}
