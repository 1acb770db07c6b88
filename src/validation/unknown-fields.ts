/**
 * unknownFields lists the fields of an object that its JSON Schema does not
 * know, so that they are admitted with a warning rather than silently
 * ignored. An object schema with `properties` and no `additionalProperties`
 * is closed: any other key there is unknown. It only follows objects the
 * schema describes, so it never walks deep into hostile input.
 */
import type { SchemaObject } from 'ajv';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** unknownFields returns the dotted paths of fields schema does not know, in document order. */
export function unknownFields(schema: SchemaObject, value: unknown): string[] {
  const found: string[] = [];
  collect(schema, value, '', found);
  return found;
}

/** collect adds to found the unknown fields under path; one array for the whole walk, as it runs on every review. */
function collect(schema: SchemaObject, value: unknown, path: string, found: string[]): void {
  if (!isPlainObject(value) || !isPlainObject(schema['properties'])) return;
  const properties = schema['properties'] as Record<string, SchemaObject>;
  const closed = schema['additionalProperties'] === undefined;
  for (const key of Object.keys(value)) {
    const child = path === '' ? key : `${path}.${key}`;
    if (Object.prototype.hasOwnProperty.call(properties, key)) collect(properties[key]!, value[key], child, found);
    else if (closed) found.push(child);
  }
}

/** unknownFieldWarning words the warning as the API server's own field validation does. */
export function unknownFieldWarning(field: string): string {
  return `unknown field "${field}"`;
}
