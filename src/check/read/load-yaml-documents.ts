/**
 * loadYamlDocuments reads a YAML stream with js-yaml, several times faster
 * than the `yaml` package. It answers only where its reading is known to be
 * the `yaml` package's, and returns undefined otherwise; parseDocuments then
 * asks the `yaml` package, which stays the reference for syntax errors and for
 * the rare constructs that the two libraries read differently, none of which
 * plain manifests need. It declines a text:
 *
 *   - with a syntax error or a js-yaml warning: the `yaml` package reports
 *     every broken document, with its own messages, and refuses some texts
 *     js-yaml only warns about (a flow collection that is not indented);
 *   - with a directive: the `yaml` package reads a `%YAML 1.2` document with
 *     the 1.2 schema, js-yaml ignores the directive;
 *   - with content on a `---` or `...` line, a carriage return that does
 *     not end a line, or a byte order mark: js-yaml reads `--- a: 1` and
 *     `---a: 1` where the `yaml` package refuses or reads them otherwise, a
 *     lone CR ends a line for js-yaml only, and the `yaml` package refuses a
 *     block sequence after a byte order mark;
 *   - with a line that starts with a tab, or a blank line with one: the
 *     `yaml` package refuses tabs as indentation in places where js-yaml
 *     does not (`\tkey: value`, a blank line in a block scalar or a
 *     multi-line string);
 *   - with an empty block sequence item (a `-` that ends its line, with
 *     nothing indented deeper below it): js-yaml reads the items of the
 *     enclosing sequence that follow it into its own;
 *   - with a block scalar that keeps its final line breaks (`|+`, `>+`): at
 *     the end of a text without a final line break, js-yaml adds one;
 *   - with an anchor or an alias: the `yaml` package limits aliases,
 *     against alias bombs (billion laughs), and refuses an alias to the node
 *     that contains it; js-yaml shares the node without any limit;
 *   - with a tag: js-yaml drops a tag on an empty node (the `yaml` package
 *     reads ""), and reads `a: !t b: c` as a nested mapping, which the `yaml`
 *     package refuses;
 *   - with a merge key (`<<`): the two merge differently (js-yaml merges
 *     a sequence of sequences, which the `yaml` package refuses);
 *   - with an explicit (`? `) key, or a key that is null or a collection:
 *     the two turn such keys into different strings;
 *   - with a comment that touches the token before it (`"x"#c`): the `yaml`
 *     package refuses it, js-yaml reads a comment;
 *   - with an escaped line break followed by a blank line in a double-quoted
 *     string: the two fold it differently ("x y" against "xy").
 *
 * test/check/read/load-yaml-documents.test.ts holds the two readings side by side.
 */
import { type EventType, loadAll, type State } from 'js-yaml';
import { GO_YAML_SCHEMA } from './go-yaml-schema.js';

/**
 * DECLINED_TEXT finds what the listener cannot see: a directive or a byte
 * order mark, content after a document marker, a lone CR, a line that starts
 * with a tab or a blank line with one, a ? followed by a comment, a block
 * scalar that keeps its final line breaks, an escaped line break followed by
 * a blank line.
 */
const DECLINED_TEXT =
  /^[%\uFEFF]|^(?:---|\.\.\.)(?![ \t]+#|[ \t]*$)|\r(?!\n)|^ *\t[ \t]*$|^\t|\?\s+#|[|>][1-9]?\+|\\\r?\n[ \t]*\r?\n/m;

/**
 * DASH_AT_LINE_END is a sequence item's "-" (after the indentation, or after
 * another indicator) with nothing after it on its line but a comment: its
 * content, if any, is on the lines below. The first group is what precedes it.
 */
const DASH_AT_LINE_END = /(^[ \t]*|[-?:][ \t]+)-[ \t]*(?:#.*)?$/gm;

/** CONTENT_LINE is a line that is neither blank nor a comment, and its indentation. */
const CONTENT_LINE = /^( *)[^ \t\r\n#]/gm;

/** COMMENT_OR_BLANK_LINE is a line without content. */
const COMMENT_OR_BLANK_LINE = /^[ \t]*(?:#.*)?$/;

/** MERGE_KEY is the plain key that go-yaml v2 (and the yaml package's YAML 1.1 tags) read as a merge key. */
const MERGE_KEY = '<<';

/** PLAIN_STRING_TAG is js-yaml's tag for a plain scalar that no implicit type matched: a string. */
const PLAIN_STRING_TAG = '?';

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUESTION_MARK = 0x3f;
const LEFT_BRACKET = 0x5b;
const LEFT_BRACE = 0x7b;

/** LoaderState is js-yaml's parser state as its listener sees it; js-yaml's types leave out the node's tag. */
type LoaderState = State & { tag: string | null };

/** NODE_PROPERTY_OR_ALIAS are the characters that start a tag (!), an anchor (&) or an alias (*) where a node starts. */
const NODE_PROPERTY_OR_ALIAS: ReadonlySet<number> = new Set([0x21, 0x26, 0x2a]);

/** Declined ends a js-yaml run that loadYamlDocuments cannot vouch for. */
class Declined extends Error {
  override readonly name = 'Declined';
}

/** loadYamlDocuments returns the documents of text (null for an empty one), or undefined where the `yaml` package must read it. */
export function loadYamlDocuments(text: string): unknown[] | undefined {
  if (DECLINED_TEXT.test(text) || hasEmptySequenceItem(text)) return undefined;
  let documents: unknown[];
  try {
    documents = loadAll(text, null, { schema: GO_YAML_SCHEMA, onWarning: decline, listener: watch });
  } catch {
    // A syntax error, one of js-yaml's own limits (nesting, merge keys) or a
    // Declined: in every case the `yaml` package reads the text.
    return undefined;
  }
  // js-yaml reads a text of nothing but comments as one empty document; the `yaml` package, as none.
  if (documents.length === 1 && documents[0] === null && isOnlyComments(text)) return [];
  return documents;
}

function decline(): never {
  throw new Declined();
}

/** watch sees every node open and close, and declines the text at the first construct the two libraries read differently. */
function watch(event: EventType, state: State): void {
  const { input, position, tag, result } = state as LoaderState;
  if (event === 'open') {
    if (followsExplicitKeyIndicator(input, position) || NODE_PROPERTY_OR_ALIAS.has(input.charCodeAt(skipSeparation(input, position)))) decline();
    return;
  }
  if (tag === PLAIN_STRING_TAG && result === MERGE_KEY) decline();
  if (input.charCodeAt(position) === HASH && !isBlank(input.charCodeAt(position - 1))) decline();
  // Only a key is followed by ":"; strings, numbers and booleans are the keys both libraries stringify alike.
  if ((result === null || typeof result === 'object') && input.charCodeAt(skipBlanks(input, position)) === COLON) decline();
}

/** followsExplicitKeyIndicator reports whether a node that opens at position is preceded by a "?" indicator. */
function followsExplicitKeyIndicator(input: string, position: number): boolean {
  let index = position - 1;
  while (isBlank(input.charCodeAt(index))) index -= 1;
  if (input.charCodeAt(index) !== QUESTION_MARK) return false;
  const before = input.charCodeAt(index - 1);
  return index === 0 || isBlank(before) || before === LEFT_BRACKET || before === LEFT_BRACE || before === COMMA;
}

/** hasEmptySequenceItem reports whether a "-" ends its line and the next content line is not indented deeper: an empty item. */
function hasEmptySequenceItem(text: string): boolean {
  for (const match of text.matchAll(DASH_AT_LINE_END)) {
    const dash = match.index + match[1].length;
    const column = dash - (text.lastIndexOf('\n', dash) + 1);
    CONTENT_LINE.lastIndex = match.index + match[0].length;
    const next = CONTENT_LINE.exec(text);
    if (next === null || next[1].length <= column) return true;
  }
  return false;
}

/** skipSeparation skips blanks and comments; where a node starts, a # always starts a comment. */
function skipSeparation(input: string, position: number): number {
  let index = skipBlanks(input, position);
  while (input.charCodeAt(index) === HASH) {
    while (index < input.length && input.charCodeAt(index) !== LINE_FEED && input.charCodeAt(index) !== CARRIAGE_RETURN) index += 1;
    index = skipBlanks(input, index);
  }
  return index;
}

function skipBlanks(input: string, position: number): number {
  let index = position;
  while (isBlank(input.charCodeAt(index))) index += 1;
  return index;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** isOnlyComments reports whether every line of text is blank or a comment. */
function isOnlyComments(text: string): boolean {
  return text.split(/\r\n|\n/).every((line) => COMMENT_OR_BLANK_LINE.test(line));
}
