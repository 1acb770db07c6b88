/**
 * outputDocuments is what `check -o yaml` and `-o json` print: every document
 * as the cluster would store it, after mutation, the way `kubectl apply
 * --dry-run=server -o yaml` shows it. Like kubectl, it shows nothing for a
 * denied document (its denial goes to stderr) and keeps a List a List, of the
 * items that got through. Keys are sorted as the API server returns them;
 * fields the API server would add (uid, creationTimestamp, managedFields,
 * a generated name) are not invented.
 */
import { Document, Scalar, visit } from 'yaml';
import { isPlainObject } from '../core/object.js';
import type { DocumentOutcome, FileResult } from './check-documents.js';
import { needsQuotes } from './read/go-yaml-resolve.js';
import { YAML_OPTIONS } from './read/parse-documents.js';

/** JSON_INDENT is kubectl's -o json indentation. */
const JSON_INDENT = 4;

/** YAML_DOCUMENT_SEPARATOR separates documents, as kubectl prints them. */
const YAML_DOCUMENT_SEPARATOR = '---\n';

/** outputDocuments returns every file's documents that would be stored, in input order. */
export function outputDocuments(results: readonly FileResult[]): unknown[] {
  return results.flatMap((result) => outputs(result.documents));
}

function outputs(outcomes: readonly DocumentOutcome[]): unknown[] {
  const values: unknown[] = [];
  for (const outcome of outcomes) {
    switch (outcome.status) {
      case 'empty':
      case 'refused':
      case 'denied':
        break;
      case 'skipped':
      case 'admitted':
        values.push(outcome.object);
        break;
      case 'list':
        values.push({ ...outcome.object, items: outputs(outcome.items) });
        break;
    }
  }
  return values;
}

/** sortKeys returns value with every mapping's keys in code-point order, as Go's JSON encoder writes a map. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // fromEntries defines every key, where an assignment to "__proto__" would set the prototype and lose the key.
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])]));
}

/** formatJson is one JSON array of documents. */
export function formatJson(documents: readonly unknown[]): string {
  return `${JSON.stringify(documents.map(sortKeys), null, JSON_INDENT)}\n`;
}

/**
 * UNICODE_LINE_BREAK finds the characters that go-yaml v2 (libyaml's scanner)
 * takes for line breaks besides CR and LF: NEL, LS and PS. The `yaml`
 * package does not, so it would print them raw.
 */
const UNICODE_LINE_BREAK = /[\u0085\u2028\u2029]/;

/** MERGE_KEY is quoted wherever it is a string: a plain `<<` key is a merge key for go-yaml, whose own encoder leaves it plain. */
const MERGE_KEY = '<<';

/** UNICODE_LINE_BREAK_ESCAPES are their escapes in a double-quoted scalar. */
const UNICODE_LINE_BREAK_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/**
 * formatYaml is a YAML stream of documents, written so that kubectl (go-yaml
 * v2) reads back every string as that string: the tags quote what go-yaml
 * would read as something else (`"yes"`, `"0o17"`, `"2024-01-01"`), and, as
 * go-yaml's own encoder does, base-60 lookalikes (`"1:30"`) are quoted too,
 * and so is `"<<"`, which would be a merge key.
 * A string with a NEL, LS or PS is double-quoted and they are escaped. It
 * never folds long lines, and does not indent sequences under their key, as
 * kubectl prints them.
 */
export function formatYaml(documents: readonly unknown[]): string {
  return documents.map(formatYamlDocument).join(YAML_DOCUMENT_SEPARATOR);
}

function formatYamlDocument(value: unknown): string {
  const document = new Document(sortKeys(value), YAML_OPTIONS);
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (needsQuotes(node.value) || node.value === MERGE_KEY || UNICODE_LINE_BREAK.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Only double-quoted strings hold these characters now, where their escapes mean them.
  return document
    .toString({ lineWidth: 0, indentSeq: false })
    .replace(new RegExp(UNICODE_LINE_BREAK.source, 'g'), (character) => UNICODE_LINE_BREAK_ESCAPES[character] ?? character);
}
