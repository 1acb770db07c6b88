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
 * field it reports or an object it enters.
 */
import type { SchemaObject } from 'ajv';

export { unknownFieldWarning } from './apimachinery-wording.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/** unknownFields returns the dotted paths of fields schema does not know, in document order. */
export function unknownFields(schema: SchemaObject, value: unknown): string[] {
  const found: string[] = [];
  const walk = fieldWalk(schema);
  if (walk !== null) collect(walk, value, '', found);
  return found;
}

/** collect adds to found the unknown fields under path; one array for the whole walk. */
function collect(walk: FieldWalk, value: unknown, path: string, found: string[]): void {
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const child = walk.known.get(key);
    if (child === undefined) {
      if (walk.closed) found.push(path === '' ? key : `${path}.${key}`);
    } else if (child !== null) {
      collect(child, value[key], path === '' ? key : `${path}.${key}`, found);
    }
  }
}
