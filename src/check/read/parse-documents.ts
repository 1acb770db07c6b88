/**
 * parseDocuments splits a manifest text into its documents: a YAML stream of
 * any number of documents, or a stream of JSON values, with every List expanded into
 * its items. Each document keeps its position in the file ("3",
 * or "3.2" for the second item of a List in the third document) so that a
 * finding can point at it.
 */
import { type Document, isScalar, LineCounter, parseAllDocuments, visit, type YAMLError } from 'yaml';
import { isPlainObject } from '../../core/object.js';
import { goYamlTags } from './go-yaml-tags.js';
import { InputError } from './input-error.js';
import { firstNonFiniteNumber, nonFiniteMessage, nonFiniteOffset } from './json-numbers.js';
import { loadYamlDocuments } from './load-yaml-documents.js';
import { exceedsNestingDepth, NESTED_TOO_DEEPLY, tooDeepOffset } from './nesting-depth.js';
import { parseJsonStream } from './parse-json-stream.js';

/**
 * YAML_VERSION is 1.1 for the `yaml` package's YAML 1.1 tag set: merge keys,
 * !!binary, !!omap, !!pairs and !!set, as go-yaml v2 has them. Its plain
 * scalars are go-yaml's, not YAML 1.1's (goYamlTags).
 */
export const YAML_VERSION = '1.1';

/**
 * YAML_OPTIONS are the `yaml` package's options for reading and writing
 * manifests as kubectl does: with go-yaml v2's resolution of plain scalars,
 * where `yes` and `on` are true, `0777` and `0o17` are octal and `1:30` is a
 * string, and a timestamp stays its text.
 */
export const YAML_OPTIONS = { version: YAML_VERSION, customTags: goYamlTags } as const;

/** LIST_KIND_SUFFIX ends the kind of every list type (List, ListenerList, ...), whose items kubectl applies one by one. */
const LIST_KIND_SUFFIX = 'List';

/** ManifestDocument is one document of a file, or one item of a List. */
export interface ManifestDocument {
  /** position is 1-based, dotted for List items: "3.2" is item 2 of document 3. */
  position: string;
  /** value is the parsed document: null for an empty one, anything else as written. */
  value: unknown;
  /** items are the documents of a List, present only when value is one. */
  items?: ManifestDocument[];
}

/** ParsedText is a text's documents, or the syntax errors that kept it from being read. */
export interface ParsedText {
  documents: ManifestDocument[];
  /** errors holds the first syntax error of each broken document; when there are any, documents is empty. */
  errors: InputError[];
}

/**
 * parseDocuments parses text, named file in errors. A text with any syntax
 * error yields no documents at all: kubectl apply -f reads the whole file
 * before it applies anything, so none of it would reach the cluster.
 * Duplicate keys are errors too, as they are under kubectl's default
 * --validate=strict: a check that kept either value would be guessing.
 */
export function parseDocuments(file: string, text: string): ParsedText {
  return looksLikeJson(text) ? parseJson(file, text) : parseYaml(file, text);
}

/**
 * looksLikeJson is kubectl's own test (apimachinery's yaml.GuessJSONStream):
 * a text whose first non-blank character is "{" is a stream of JSON values,
 * and is held to JSON's stricter syntax (no trailing commas, no comments).
 */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text);
}

/** parseJson reads a stream of JSON values, each a document, as kubectl's JSON decoder reads them. */
function parseJson(file: string, text: string): ParsedText {
  const values = parseJsonStream(file, text);
  if (values instanceof InputError) return { documents: [], errors: [values] };
  for (const [index, value] of values.entries()) {
    const found = firstNonFiniteNumber(value);
    if (found) return { documents: [], errors: [new InputError(`document ${index + 1}: ${nonFiniteMessage(found)}`, { file })] };
  }
  return { documents: values.map((value, index) => expandList(String(index + 1), value)), errors: [] };
}

/**
 * parseYaml reads text with js-yaml where it can (loadYamlDocuments, the
 * faster reader), and with the `yaml` package otherwise: on any syntax error, so
 * that every broken document is reported with its line and column, for
 * the rare constructs the two libraries read differently, and for a document
 * nested too deeply, which the `yaml` package can place. Either way the
 * documents are the `yaml` package's.
 */
function parseYaml(file: string, text: string): ParsedText {
  const values = loadYamlDocuments(text);
  // The `yaml` package places what the fast reading only finds: a document too deep, a number JSON cannot hold.
  if (values === undefined || values.some((value) => exceedsNestingDepth(value) || firstNonFiniteNumber(value) !== undefined)) {
    return parseYamlWithYamlPackage(file, text);
  }
  return { documents: values.map((value, index) => expandList(String(index + 1), value)), errors: [] };
}

/** YAML_DUPLICATE_KEY is the `yaml` package's code for a key that a mapping already holds. */
const YAML_DUPLICATE_KEY: YAMLError['code'] = 'DUPLICATE_KEY';

/** YAML_STACK_EXHAUSTED is the `yaml` package's code for a collection it could not compose, nested beyond the call stack. */
const YAML_STACK_EXHAUSTED: YAMLError['code'] = 'RESOURCE_EXHAUSTION';

/**
 * parseYamlWithYamlPackage is the reference reading: every document's first
 * syntax error, with its line and column. A document nested too deeply is one
 * too, placed at its first collection past the limit.
 */
function parseYamlWithYamlPackage(file: string, text: string): ParsedText {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter, prettyErrors: false, logLevel: 'error' });
  const errorAt = (message: string, offset: number, cause?: unknown): InputError => {
    const { line, col } = lineCounter.linePos(offset);
    return new InputError(message, { file, line, column: col, cause });
  };
  const tooDeep = (document: Document, fallbackOffset: number, cause?: unknown): InputError =>
    errorAt(NESTED_TOO_DEEPLY, tooDeepOffset(document) ?? fallbackOffset, cause);
  const errors: InputError[] = [];
  for (const document of parsed) {
    const error = document.errors[0];
    if (!error) continue;
    if (error.code === YAML_STACK_EXHAUSTED) errors.push(tooDeep(document, error.pos[0], error));
    else if (error.code === YAML_DUPLICATE_KEY) errors.push(errorAt(duplicateKeyMessage(document, error.pos[0], lineCounter) ?? error.message, error.pos[0], error));
    else errors.push(errorAt(error.message, error.pos[0], error));
  }
  if (errors.length > 0) return { documents: [], errors };
  const documents: ManifestDocument[] = [];
  for (const [index, document] of parsed.entries()) {
    let value: unknown;
    try {
      // toJS refuses alias bombs (maxAliasCount), so a hostile file cannot exhaust memory.
      value = document.toJS();
    } catch (e) {
      // A RangeError is the call stack running out, on a document nested too deeply; any other
      // is an alias the package refused (unresolved, or one too many), reported where it stands.
      errors.push(e instanceof RangeError ? tooDeep(document, document.range[0], e) : errorAt(e instanceof Error ? e.message : String(e), aliasOffset(document) ?? document.range[0], e));
      continue;
    }
    if (exceedsNestingDepth(value)) {
      errors.push(tooDeep(document, document.range[0]));
      continue;
    }
    const nonFinite = firstNonFiniteNumber(value);
    if (nonFinite) {
      errors.push(errorAt(nonFiniteMessage(nonFinite), nonFiniteOffset(document) ?? document.range[0]));
      continue;
    }
    documents.push(expandList(String(index + 1), value));
  }
  return errors.length > 0 ? { documents: [], errors } : { documents, errors };
}

/**
 * aliasOffset is where toJS's alias error belongs: the first alias whose
 * anchor is not set before it, else the first alias of all (an alias bomb:
 * every expansion counts toward the package's limit, so the first is where
 * it starts).
 */
function aliasOffset(document: Document): number | undefined {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(document, {
    Alias(_, alias) {
      first ??= alias.range?.[0];
      if (alias.resolve(document) !== undefined) return undefined;
      unresolved = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return unresolved ?? first;
}

/**
 * duplicateKeyMessage words a duplicate key as kubectl does (its YAML reader,
 * go-yaml v3: `mapping key "name" already defined at line 4`), for the key
 * that starts at offset; undefined when that key is not a plain value.
 */
function duplicateKeyMessage(document: Document, offset: number, lineCounter: LineCounter): string | undefined {
  let message: string | undefined;
  visit(document, {
    Map(_, map) {
      const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (index === -1) return undefined;
      const key = map.items[index]!.key;
      if (!isScalar(key)) return visit.BREAK;
      const first = map.items.slice(0, index).find((pair) => isScalar(pair.key) && pair.key.value === key.value);
      const firstOffset = isScalar(first?.key) ? first.key.range?.[0] : undefined;
      if (firstOffset !== undefined) {
        message = `mapping key ${JSON.stringify(String(key.value))} already defined at line ${lineCounter.linePos(firstOffset).line}`;
      }
      return visit.BREAK;
    },
  });
  return message;
}

/** isList reports whether value is a list type whose items are to be checked one by one. */
export function isList(value: unknown): value is { kind: string; items: unknown[] } {
  return (
    isPlainObject(value) &&
    typeof value['kind'] === 'string' &&
    value['kind'].endsWith(LIST_KIND_SUFFIX) &&
    Array.isArray(value['items'])
  );
}

function expandList(position: string, value: unknown): ManifestDocument {
  if (!isList(value)) return { position, value };
  return { position, value, items: value.items.map((item, index) => expandList(`${position}.${index + 1}`, item)) };
}
