/**
 * pruneNulls removes what the API server removes from a custom resource
 * before any webhook sees it: a null in a field the CRD's structural schema
 * declares without `nullable: true` (apiextensions-apiserver prunes such
 * nulls as it decodes, then applies defaults). A YAML field left empty
 * (`tlsCredentials:`) is such a null, so `check` and a /validate asked
 * directly must read it as absent, never as a value of the wrong type: an
 * optional field is then simply unset, a required one `Required value`.
 *
 * Only declared fields are pruned: properties, and the values of a map
 * whose additionalProperties has a schema. Nulls in open places (status,
 * metadata's other fields) are kept, as the API server keeps them. It walks
 * the schema, not the data, so its depth is the schema's. The object is not
 * changed: the result shares every part that had nothing to prune.
 */
import type { SchemaObject } from 'ajv';
import { isPlainObject } from '../core/object.js';

function declared(schema: SchemaObject, key: string): SchemaObject | undefined {
  const properties = schema['properties'] as Record<string, SchemaObject> | undefined;
  if (properties !== undefined && Object.prototype.hasOwnProperty.call(properties, key)) return properties[key];
  const additional = schema['additionalProperties'];
  return typeof additional === 'object' && additional !== null ? (additional as SchemaObject) : undefined;
}

/** pruneNulls returns value without the nulls schema does not allow, or value itself when it has none. */
export function pruneNulls(schema: SchemaObject, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field = declared(schema, key);
    if (field === undefined) continue;
    const child = value[key];
    if (child === null && field['nullable'] !== true) {
      copy ??= Object.assign({}, value);
      delete copy[key];
      continue;
    }
    const pruned = pruneNulls(field, child);
    if (pruned !== child) (copy ??= Object.assign({}, value))[key] = pruned;
  }
  return copy ?? value;
}
