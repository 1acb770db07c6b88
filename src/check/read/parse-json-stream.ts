/**
 * parseJsonStream reads a text that kubectl reads as JSON: a stream of JSON
 * values, one after the other, as apimachinery's YAMLOrJSONDecoder reads it
 * with Go's json.Decoder. It holds the text to what kubectl and the API
 * server hold it to, and says where it fails:
 *
 *   - strict JSON: no comments, no trailing commas, no single quotes, and
 *     only JSON's four whitespace characters between tokens (the scanner's
 *     whitespace is JSON's; any other space is a token it does not know);
 *   - no duplicate keys: under kubectl's default --validate=strict the API
 *     server refuses them (`strict decoding error: duplicate field "port"`),
 *     where JSON.parse would keep the last one without a word;
 *   - every error at its line and column, which JSON.parse's messages give
 *     only sometimes, and never the line;
 *   - no nesting past MAX_NESTING_DEPTH, which the code after it could not
 *     take.
 *
 * jsonc-parser's scanner finds the tokens, strings' escapes and numbers'
 * shapes, with their lines and columns; the grammar on top of it is a loop
 * with a stack, not a recursion, so no nesting can exhaust the call stack.
 * JSON.parse, in native code, then reads each value the scan has vouched for.
 */
import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import { InputError } from './input-error.js';
import { MAX_NESTING_DEPTH, NESTED_TOO_DEEPLY } from './nesting-depth.js';

/** BYTE_ORDER_MARK may start a text; it is no part of the JSON. */
const BYTE_ORDER_MARK = '\uFEFF';

/** Expected is what the grammar accepts next. */
type Expected = 'value' | 'value or ]' | 'key' | 'key or }' | ':' | ', or close';

/** OpenCollection is an object, with the keys it has so far, or an array. */
type OpenCollection = Set<string> | 'array';

/** EXPECTED_TEXT says what was expected, for the message. */
const EXPECTED_TEXT: Record<Exclude<Expected, ', or close'>, string> = {
  value: 'a value',
  'value or ]': 'a value or "]"',
  key: 'a double-quoted key',
  'key or }': 'a double-quoted key or "}"',
  ':': '":"',
};

/** SCAN_ERRORS word the scanner's errors inside a token. */
const SCAN_ERRORS: Record<Exclude<ScanError, ScanError.None>, string> = {
  [ScanError.UnexpectedEndOfComment]: 'unterminated comment',
  [ScanError.UnexpectedEndOfString]: 'unterminated string',
  [ScanError.UnexpectedEndOfNumber]: 'incomplete number',
  [ScanError.InvalidUnicode]: 'a \\u escape needs four hex digits',
  [ScanError.InvalidEscapeCharacter]: 'invalid escape in a string',
  [ScanError.InvalidCharacter]: 'a control character in a string must be escaped',
};

/** QUOTED_TOKEN_LENGTH bounds how much of an unexpected token a message quotes. */
const QUOTED_TOKEN_LENGTH = 20;

/** parseJsonStream returns the values of text in order, or an InputError for file at the first thing that is not JSON. */
export function parseJsonStream(file: string, text: string): unknown[] | InputError {
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
  const scanner = createScanner(source, false);
  const open: OpenCollection[] = [];
  const values: unknown[] = [];
  let expected: Expected = 'value';
  let start = 0;

  const fail = (message: string): InputError =>
    new InputError(message, { file, line: scanner.getTokenStartLine() + 1, column: scanner.getTokenStartCharacter() + 1 });
  const unexpected = (): InputError => {
    const wanted = expected === ', or close' ? `"," or "${open.at(-1) === 'array' ? ']' : '}'}"` : EXPECTED_TEXT[expected];
    const token = source.substr(scanner.getTokenOffset(), scanner.getTokenLength());
    return fail(`not valid JSON: expected ${wanted}, found ${describeToken(scanner.getToken(), token)}`);
  };
  /** valueEnded reads a top-level value that has just ended; inside a collection there is nothing to do yet. */
  const valueEnded = (): InputError | undefined => {
    if (open.length > 0) return undefined;
    try {
      values.push(JSON.parse(source.slice(start, scanner.getPosition())));
      return undefined;
    } catch (e) {
      // The scan has already refused whatever JSON.parse refuses; this is a safety net.
      return new InputError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { file, cause: e });
    }
  };

  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) return fail('not valid JSON: comments are not allowed');
    const scanError = scanner.getTokenError();
    if (scanError !== ScanError.None) return fail(`not valid JSON: ${SCAN_ERRORS[scanError]}`);
    switch (token) {
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        // The scanner's whitespace is JSON's: space, tab, line feed, carriage return.
        continue;
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (expected !== 'value' && expected !== 'value or ]') return unexpected();
        if (open.length === MAX_NESTING_DEPTH) return fail(NESTED_TOO_DEEPLY);
        if (open.length === 0) start = scanner.getTokenOffset();
        open.push(token === SyntaxKind.OpenBraceToken ? new Set() : 'array');
        expected = token === SyntaxKind.OpenBraceToken ? 'key or }' : 'value or ]';
        continue;
      case SyntaxKind.CloseBraceToken:
        if ((expected !== 'key or }' && expected !== ', or close') || open.at(-1) === 'array') return unexpected();
        open.pop();
        break;
      case SyntaxKind.CloseBracketToken:
        if ((expected !== 'value or ]' && expected !== ', or close') || open.at(-1) !== 'array') return unexpected();
        open.pop();
        break;
      case SyntaxKind.CommaToken:
        if (expected !== ', or close') return unexpected();
        expected = open.at(-1) === 'array' ? 'value' : 'key';
        continue;
      case SyntaxKind.ColonToken:
        if (expected !== ':') return unexpected();
        expected = 'value';
        continue;
      case SyntaxKind.StringLiteral:
        if (expected === 'key' || expected === 'key or }') {
          const keys = open.at(-1) as Set<string>;
          const key = scanner.getTokenValue();
          if (keys.has(key)) return fail(`duplicate key ${JSON.stringify(key)}`);
          keys.add(key);
          expected = ':';
          continue;
        }
        if (expected !== 'value' && expected !== 'value or ]') return unexpected();
        if (open.length === 0) start = scanner.getTokenOffset();
        break;
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        if (expected !== 'value' && expected !== 'value or ]') return unexpected();
        if (open.length === 0) start = scanner.getTokenOffset();
        break;
      default:
        return unexpected();
    }
    // Here a value has ended: a closer, or a scalar.
    const error = valueEnded();
    if (error) return error;
    expected = open.length > 0 ? ', or close' : 'value';
  }
  if (open.length > 0 || expected !== 'value') return unexpected();
  return values;
}

/** describeToken names what the scanner found, quoting a little of it. */
function describeToken(token: SyntaxKind, text: string): string {
  switch (token) {
    case SyntaxKind.EOF:
      return 'the end of the input';
    case SyntaxKind.StringLiteral:
      return 'a string';
    case SyntaxKind.NumericLiteral:
      return 'a number';
    default:
      // A space JSON does not allow (no-break, a byte order mark) is invisible when quoted.
      if (/^\s/.test(text)) return `character ${codePoint(text.codePointAt(0)!)}`;
      // JSON.stringify keeps the message on one line whatever the token holds.
      return JSON.stringify(text.length > QUOTED_TOKEN_LENGTH ? `${text.slice(0, QUOTED_TOKEN_LENGTH)}…` : text);
  }
}

/** codePoint writes a character as U+XXXX. */
function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
