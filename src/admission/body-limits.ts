/**
 * The shape limits of an AdmissionReview body, applied to its text before
 * JSON.parse builds anything. JSON.parse turns a few bytes into an object of
 * tens of bytes (`[],` is 3 bytes and an empty array of 16 or more), so 7 MiB
 * of `[[[[...` or of tiny keys is over 100 MiB of heap before a single rule
 * runs: past the Deployment's 128 MiB heap cap, a crash. Counting the values
 * and the depth first, with jsonc-parser's scanner (which builds nothing but
 * the token it is on), bounds what parsing and everything after it may cost.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { RequestError } from './request-error.js';

/**
 * GO_JSON_MAX_DEPTH is the nesting Go's encoding/json refuses past (its
 * maxNestingDepth), and so the API server's JSON decoder: no object it
 * accepted is deeper.
 */
export const GO_JSON_MAX_DEPTH = 10_000;

/**
 * MAX_NESTING_DEPTH is how many objects and arrays deep a review may nest: an
 * object as deep as the API server accepts, inside the AdmissionReview and its
 * request (two more levels).
 */
export const MAX_NESTING_DEPTH = GO_JSON_MAX_DEPTH + 2;

/**
 * MAX_JSON_VALUES bounds the values in a review (objects, arrays, strings,
 * numbers, booleans and nulls; a key is no value of its own). A real review
 * of these kinds holds a few hundred; even an UPDATE of a Listener with
 * 10,000 settings holds about 40,000 (object, oldObject and their
 * managedFields each list every key). At this many, the costliest shapes
 * (every value a schema error, every key an unknown field) are answered
 * within the 128 MiB heap in a fraction of a second.
 */
export const MAX_JSON_VALUES = 50_000;

/**
 * UNCHECKED_BODY_CHARS is the longest body that needs no scan: every value
 * takes at least one character and every level of nesting one more, so a
 * shorter body is within both limits whatever it holds. Real reviews are
 * shorter, so the scan costs them nothing.
 */
const UNCHECKED_BODY_CHARS = Math.min(MAX_JSON_VALUES, MAX_NESTING_DEPTH);

/**
 * checkBodyLimits throws the RequestError to answer when body nests deeper
 * than MAX_NESTING_DEPTH (400, too_deeply_nested) or holds more than
 * MAX_JSON_VALUES values (413, too_many_values), and returns otherwise. It
 * stops at the first token past a limit, and leaves JSON syntax to
 * JSON.parse.
 */
export function checkBodyLimits(body: string): void {
  if (body.length <= UNCHECKED_BODY_CHARS) return;
  const scanner = createScanner(body, true);
  let depth = 0;
  // Strings count as values when they come; a key's is taken back at its colon.
  let values = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (++depth > MAX_NESTING_DEPTH) {
          throw new RequestError(400, 'too_deeply_nested', `request body is nested too deeply: more than ${MAX_NESTING_DEPTH} levels`);
        }
        values++;
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        depth--;
        break;
      case SyntaxKind.ColonToken:
        values--;
        break;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        values++;
        break;
      default:
        break;
    }
    // One past the limit: the key a string may turn out to be is taken back at the next token.
    if (values > MAX_JSON_VALUES + 1) break;
  }
  if (values > MAX_JSON_VALUES) {
    throw new RequestError(413, 'too_many_values', `request body holds more than ${MAX_JSON_VALUES} JSON values`);
  }
}
