/**
 * unknownFields lists the fields of an object that its JSON Schema does not
 * know, so that they are admitted with a warning rather than silently
 * ignored. An object schema with `properties` and no `additionalProperties`
 * is closed: any other key there is unknown. It only follows objects the
 * schema describes, so it never walks deep into hostile input.
 *
 * It runs on every review, so each schema is first turned into a FieldWalk
 * (once, kept per schema): a map from each known key to the walk below it,
 * with the parts that can never hold an unknown field (an open object whose
 * properties are all plain values, such as metadata) left out altogether. A
 * walk then costs a map lookup per key, and a field path is built only for a
 * field it reports or an object it enters. A key is shown cut after
 * MAX_SHOWN_CHARS (shorten.ts), so a hostile key never makes a huge warning.
 */
import type { SchemaObject } from 'ajv';
import { isPlainObject } from '../core/object.js';
import { shortened } from './shorten.js';

export { unknownFieldWarning } from './apimachinery-wording.js';

/** FieldWalk is a schema object reduced to what the walk needs. */
interface FieldWalk {
  /** closed says whether a key outside known is unknown. */
  closed: boolean;
  /** known maps each property to the walk of its value, or null when nothing below it can be unknown. */
  known: Map<string, FieldWalk | null>;
}

const walks = new WeakMap<SchemaObject, FieldWalk | null>();

/** fieldWalk compiles schema, or returns null when no value it describes can hold an unknown field. */
function fieldWalk(schema: SchemaObject): FieldWalk | null {
  let walk = walks.get(schema);
  if (walk !== undefined) return walk;
  const properties = schema['properties'];
  if (!isPlainObject(properties)) {
    walk = null;
  } else {
    const known = new Map<string, FieldWalk | null>();
    for (const [key, property] of Object.entries(properties)) known.set(key, isPlainObject(property) ? fieldWalk(property) : null);
    const closed = schema['additionalProperties'] === undefined;
    walk = closed || [...known.values()].some((child) => child !== null) ? { closed, known } : null;
  }
  walks.set(schema, walk);
  return walk;
}

/**
 * closedSchema is schema with every object the walk treats as closed (one
 * that lists properties and says nothing of others) closed for a JSON Schema
 * validator too: an object the result accepts has no unknown field. Like the
 * walk, it follows `properties` only.
 */
export function closedSchema(schema: SchemaObject): SchemaObject {
  const properties = schema['properties'];
  if (!isPlainObject(properties)) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, isPlainObject(property) ? closedSchema(property) : property])),
    additionalProperties: schema['additionalProperties'] ?? false,
  };
}

/** unknownFields returns the dotted paths of fields schema does not know, in document order. */
export function unknownFields(schema: SchemaObject, value: unknown): string[] {
  return firstUnknownFields(schema, value, Infinity).fields;
}

/**
 * firstUnknownFields returns the first `limit` unknown fields, in document
 * order, and how many more there are: a body of 100,000 unknown keys is
 * counted, not turned into 100,000 paths.
 */
export function firstUnknownFields(schema: SchemaObject, value: unknown, limit: number): { fields: string[]; more: number } {
  const found = { fields: [] as string[], more: 0, limit };
  const walk = fieldWalk(schema);
  if (walk !== null) collect(walk, value, '', found);
  return { fields: found.fields, more: found.more };
}

/** collect adds to found the unknown fields under path; one record for the whole walk. */
function collect(walk: FieldWalk, value: unknown, path: string, found: { fields: string[]; more: number; limit: number }): void {
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const child = walk.known.get(key);
    if (child === undefined) {
      if (!walk.closed) continue;
      if (found.fields.length < found.limit) found.fields.push(path === '' ? shortened(key) : `${path}.${shortened(key)}`);
      else found.more++;
    } else if (child !== null) {
      collect(child, value[key], path === '' ? key : `${path}.${key}`, found);
    }
  }
}
