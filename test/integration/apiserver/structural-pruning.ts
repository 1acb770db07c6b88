/**
 * What the API server does to a custom resource while decoding it, before any
 * admission: it drops every field the CRD's structural schema does not declare
 * (apiextensions-apiserver pkg/apiserver/schema/pruning, PruneWithOptions,
 * which returns the dropped paths sorted) and every null in a declared field
 * that is not nullable (structuraldefaulting.PruneNonNullableNullsWithoutDefaults).
 * apiVersion, kind and metadata at the root are never pruned here; the
 * API server's separate ObjectMeta coercion is not modelled.
 */
import type { JsonSchema } from './crds.js';

const ROOT_META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** pruneUnknownFields removes undeclared fields from object in place and returns their paths, sorted. */
export function pruneUnknownFields(object: Record<string, unknown>, schema: JsonSchema): string[] {
  const pruned: string[] = [];
  prune(object, schema, '', pruned, true);
  return pruned.sort();
}

function prune(value: unknown, schema: JsonSchema | undefined, path: string, pruned: string[], root = false): void {
  const preserve = schema?.['x-kubernetes-preserve-unknown-fields'] === true;
  if (Array.isArray(value)) {
    value.forEach((item, i) => prune(item, schema?.['items'] as JsonSchema | undefined, `${path}[${i}]`, pruned));
    return;
  }
  if (!isObject(value)) return;
  const properties = (schema?.['properties'] ?? {}) as Record<string, JsonSchema>;
  const additional = schema?.['additionalProperties'];
  for (const key of Object.keys(value)) {
    if (root && ROOT_META_FIELDS.has(key)) continue;
    const child = path === '' ? key : `${path}.${key}`;
    const childSchema = Object.hasOwn(properties, key) ? properties[key] : isObject(additional) ? additional : undefined;
    if (childSchema) {
      dropNonNullableNull(value, key, childSchema);
      prune(value[key], childSchema, child, pruned);
    } else if (!preserve) {
      pruned.push(child);
      delete value[key];
    }
  }
}

function dropNonNullableNull(object: Record<string, unknown>, key: string, schema: JsonSchema): void {
  if (object[key] === null && schema['nullable'] !== true && !('default' in schema)) delete object[key];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
