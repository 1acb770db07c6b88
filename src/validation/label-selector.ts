/**
 * parseLabelSelector is apimachinery's labels.Parse
 * (k8s.io/apimachinery/pkg/labels/selector.go, Kubernetes 1.35 and later,
 * which accept empty values between commas: `x in (a,,)`), ported by hand:
 * no npm package parses the string form of a Kubernetes label selector, and
 * Skupper hands a Connector's selector to the API server as
 * ListOptions.LabelSelector, which parses it with exactly this grammar.
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUE {"," VALUE} ")"
 *                              | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * It returns undefined for a selector that parses, else the error message
 * labels.Parse returns, word for word (nested field errors and all, such as
 * `unable to parse requirement: <nil>: Invalid value: "A/b/c": ...`), since
 * that is what the API server answers Skupper's list of pods with. Its
 * messages, and those of label keys and values (names.ts, in bytes as the
 * content package says them), are in the release apimachinery-wording.ts
 * names; labels.Parse is the same from 1.35 to 1.37.
 */
import {
  SELECTOR_EXPECTED,
  SELECTOR_INTEGER_DETAIL,
  selectorFoundError,
  selectorLexError,
  selectorOpeningParenthesisError,
  selectorRequirementError,
} from './apimachinery-wording.js';
import { aggregateMessage, type FieldError, formatFieldError, invalid, NIL_PATH } from './field-error.js';
import { isLabelKey, isLabelValue, LABEL_VALUE_MAX_LENGTH } from './names.js';
import type { SchemaObject } from 'ajv';

const enum Token {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const KEYWORDS = new Map<string, Token>([
  [')', Token.ClosedPar],
  [',', Token.Comma],
  ['!', Token.DoesNotExist],
  ['==', Token.DoubleEquals],
  ['=', Token.Equals],
  ['>', Token.GreaterThan],
  ['in', Token.In],
  ['<', Token.LessThan],
  ['!=', Token.NotEquals],
  ['notin', Token.NotIn],
  ['(', Token.OpenPar],
]);

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

interface Item {
  token: Token;
  literal: string;
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

/** END is what Go's lexer reads past the end, and also what it reads for a NUL byte, which therefore ends a token or the input. */
const END = '\0';

/** lex splits selector into tokens as apimachinery's Lexer does, one character at a time. */
function lex(selector: string): Item[] {
  let pos = 0;
  const read = (): string => (pos < selector.length ? selector[pos++]! : END);
  const items: Item[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: Item;
    if (ch === END) {
      item = { token: Token.EndOfString, literal: '' };
    } else if (isSpecialSymbol(ch)) {
      pos--;
      let buffer = '';
      let last: Item | undefined;
      for (;;) {
        const next = read();
        if (next === END) break;
        if (!isSpecialSymbol(next)) {
          pos--;
          break;
        }
        buffer += next;
        const token = KEYWORDS.get(buffer);
        if (token !== undefined) last = { token, literal: buffer };
        else if (last !== undefined) {
          pos--;
          break;
        }
      }
      item = last ?? { token: Token.Error, literal: selectorLexError(buffer) };
    } else {
      pos--;
      let buffer = '';
      for (;;) {
        const next = read();
        if (next === END) break;
        if (isSpecialSymbol(next) || isWhitespace(next)) {
          pos--;
          break;
        }
        buffer += next;
      }
      item = { token: KEYWORDS.get(buffer) ?? Token.Identifier, literal: buffer };
    }
    items.push(item);
    if (item.token === Token.EndOfString) return items;
  }
}

/** ParseError carries labels.Parse's message out of the recursive descent. */
class ParseError extends Error {
  override readonly name = 'ParseError';
}

/** Parser is apimachinery's Parser: lookahead and consume over the scanned items. */
class Parser {
  private position = 0;

  constructor(private readonly items: Item[]) {}

  /** lookahead reads the current item; in values, "in" and "notin" are plain identifiers. */
  lookahead(values: boolean): Item {
    return this.inContext(this.items[this.position]!, values);
  }

  consume(values: boolean): Item {
    return this.inContext(this.items[this.position++]!, values);
  }

  private inContext(item: Item, values: boolean): Item {
    return values && (item.token === Token.In || item.token === Token.NotIn) ? { token: Token.Identifier, literal: item.literal } : item;
  }

  parse(): void {
    for (;;) {
      const { token, literal } = this.lookahead(true);
      if (token === Token.EndOfString) return;
      if (token !== Token.Identifier && token !== Token.DoesNotExist) {
        throw new ParseError(selectorFoundError(literal, SELECTOR_EXPECTED.requirement));
      }
      try {
        this.parseRequirement();
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(selectorRequirementError(e.message));
        throw e;
      }
      const after = this.consume(true);
      if (after.token === Token.EndOfString) return;
      if (after.token !== Token.Comma) throw new ParseError(selectorFoundError(after.literal, SELECTOR_EXPECTED.afterRequirement));
      const next = this.lookahead(true);
      if (next.token !== Token.Identifier && next.token !== Token.DoesNotExist) {
        throw new ParseError(selectorFoundError(next.literal, SELECTOR_EXPECTED.afterComma));
      }
    }
  }

  private parseRequirement(): void {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred !== undefined) return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // sets.String's List(): sorted, without duplicates, as the error paths count them.
    newRequirement(key, operator, [...new Set(values)].sort());
  }

  private parseKeyAndInferOperator(): [string, Operator | undefined] {
    let operator: Operator | undefined;
    let item = this.consume(true);
    if (item.token === Token.DoesNotExist) {
      operator = '!';
      item = this.consume(true);
    }
    if (item.token !== Token.Identifier) throw new ParseError(selectorFoundError(item.literal, SELECTOR_EXPECTED.identifier));
    const keyErrors = isLabelKey(item.literal);
    if (keyErrors.length > 0) throw new ParseError(formatFieldError(invalid(NIL_PATH, item.literal, keyErrors.join('; '))));
    const next = this.lookahead(true).token;
    if ((next === Token.EndOfString || next === Token.Comma) && operator === undefined) operator = 'exists';
    return [item.literal, operator];
  }

  private parseOperator(): Operator {
    const { token, literal } = this.consume(false);
    const operator = OPERATORS.get(token);
    if (operator === undefined) throw new ParseError(selectorFoundError(literal, SELECTOR_EXPECTED.operator));
    return operator;
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.token !== Token.OpenPar) throw new ParseError(selectorOpeningParenthesisError(open.literal));
    const { token, literal } = this.lookahead(true);
    if (token === Token.ClosedPar) {
      this.consume(true);
      return [''];
    }
    if (token !== Token.Identifier && token !== Token.Comma) {
      throw new ParseError(selectorFoundError(literal, SELECTOR_EXPECTED.firstValue));
    }
    const values = this.parseIdentifiersList();
    // apimachinery quotes the token it looked at before the list, not the one it found.
    if (this.consume(true).token !== Token.ClosedPar) throw new ParseError(selectorFoundError(literal, SELECTOR_EXPECTED.closingParenthesis));
    return values;
  }

  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.consume(true);
      if (item.token === Token.Identifier) {
        values.push(item.literal);
        const next = this.lookahead(true);
        if (next.token === Token.Comma) continue;
        if (next.token === Token.ClosedPar) return values;
        throw new ParseError(selectorFoundError(next.literal, SELECTOR_EXPECTED.afterValue));
      }
      if (item.token !== Token.Comma) throw new ParseError(selectorFoundError(item.literal, SELECTOR_EXPECTED.value));
      // "(," and ",)" and ",," each stand for an empty value.
      if (values.length === 0) values.push('');
      const next = this.lookahead(true).token;
      if (next === Token.ClosedPar) {
        values.push('');
        return values;
      }
      if (next === Token.Comma) values.push('');
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead(true).token;
    if (next === Token.EndOfString || next === Token.Comma) return [''];
    const item = this.consume(true);
    if (item.token === Token.Identifier) return [item.literal];
    throw new ParseError(selectorFoundError(item.literal, SELECTOR_EXPECTED.identifier));
  }
}

const OPERATORS = new Map<Token, Operator>([
  [Token.In, 'in'],
  [Token.Equals, '='],
  [Token.DoubleEquals, '=='],
  [Token.GreaterThan, 'gt'],
  [Token.LessThan, 'lt'],
  [Token.NotIn, 'notin'],
  [Token.NotEquals, '!='],
]);

/** INTEGER is what strconv.ParseInt(v, 10, 64) accepts, range aside. */
const INTEGER = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isInt64(value: string): boolean {
  if (!INTEGER.test(value)) return false;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/**
 * newRequirement is NewRequirement's checks of a parsed requirement (the key
 * is already valid): Gt and Lt need an integer, and every value must be a
 * label value. Its errors are field errors on a nil base path.
 */
function newRequirement(key: string, operator: Operator, values: string[]): void {
  const errors: FieldError[] = [];
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((value, i) => {
      if (!isInt64(value)) errors.push(invalid(`values[${i}]`, value, SELECTOR_INTEGER_DETAIL));
    });
  }
  values.forEach((value, i) => {
    const messages = isLabelValue(value);
    if (messages.length > 0) errors.push(invalid(`values[${i}][${key}]`, value, messages.join('; ')));
  });
  if (errors.length > 0) throw new ParseError(aggregateMessage(errors));
}

/** parseLabelSelector returns undefined when selector parses, else labels.Parse's error message. */
export function parseLabelSelector(selector: string): string | undefined {
  try {
    new Parser(lex(selector)).parse();
    return undefined;
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
}

/** EQUALITY_TERM is `key=value` with a key of no prefix, neither of which can fail: each at most 63 characters of the name part's grammar. */
const NAME_PART = `[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,${LABEL_VALUE_MAX_LENGTH - 2}}[A-Za-z0-9])?`;
const EQUALITY_TERM = `${NAME_PART}=${NAME_PART}`;

/**
 * SIMPLE_SELECTOR_SCHEMA admits the selectors nearly every Connector has,
 * equality terms joined by commas (`app=backend,tier=web`), all of which
 * parse, for the kinds' fast paths (ResourceRules.fastPath). The length
 * bound comes first (ajv checks maxLength before pattern, and stops at the
 * first failure), so the repeated group never meets a hostile megabyte.
 */
export const SIMPLE_SELECTOR_SCHEMA: SchemaObject = { type: 'string', maxLength: 1024, pattern: `^${EQUALITY_TERM}(?:,${EQUALITY_TERM})*$` };
