/**
 * outputDocuments is what `check -o yaml` and `-o json` print: every document
 * as the cluster would store it, after mutation, the way `kubectl apply
 * --dry-run=server -o yaml` shows it. Like kubectl, it shows nothing for a
 * denied document (its denial goes to stderr) and keeps a List a List, of the
 * items that got through. Keys are sorted as the API server returns them;
 * fields the API server would add (uid, creationTimestamp, managedFields,
 * a generated name) are not invented.
 */
import { stringify } from 'yaml';
import { isPlainObject } from '../admission/object.js';
import type { DocumentOutcome, FileResult } from './check-documents.js';
import { YAML_OPTIONS } from './parse-documents.js';

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
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** formatJson is one JSON array of documents. */
export function formatJson(documents: readonly unknown[]): string {
  return `${JSON.stringify(documents.map(sortKeys), null, JSON_INDENT)}\n`;
}

/**
 * formatYaml is a YAML stream of documents. It writes YAML 1.1 so that a
 * string such as "yes" stays quoted for go-yaml, never folds long lines, and
 * does not indent sequences under their key, as kubectl prints them.
 */
export function formatYaml(documents: readonly unknown[]): string {
  return documents
    .map((document) => stringify(sortKeys(document), { ...YAML_OPTIONS, lineWidth: 0, indentSeq: false }))
    .join(YAML_DOCUMENT_SEPARATOR);
}
