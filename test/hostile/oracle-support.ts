/**
 * The pieces rules-oracle.ts states every kind's rules with: what "present"
 * and "of the documented type" mean on an object as the API server hands it
 * to webhooks, the envelope every kind shares, and the rules several kinds
 * repeat (a port, settings, a Secret name, a generateName's mask).
 */
import { isSubdomain } from './grammar.js';

/** Json is any decoded JSON value. */
export type Json = unknown;

/** JsonObject is a decoded JSON object. */
export type JsonObject = Record<string, Json>;

/** isObject says whether v is a JSON object (not null, not an array). */
export const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * has says whether a declared field is there. A null is not: the API server
 * prunes a null from every field a CRD declares without `nullable` (none of
 * these is) before any webhook sees the object, so null means absent.
 */
export const has = (o: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== null;

/** isNonEmptyString says whether v is a string with something in it. */
export const isNonEmptyString = (v: Json): v is string => typeof v === 'string' && v !== '';

/** wrongType says whether a present field (not null, see has) lacks its documented type. */
export function wrongType(o: JsonObject, key: string, type: 'string' | 'boolean' | 'object'): boolean {
  if (!has(o, key)) return false;
  const v = o[key];
  return type === 'object' ? !isObject(v) : typeof v !== type;
}

/** envelope checks what every kind shares (types of the top level and of metadata's names, spec required) and returns spec when it is an object. */
export function envelope(object: JsonObject, broken: string[]): JsonObject | undefined {
  if (wrongType(object, 'apiVersion', 'string')) broken.push('apiVersion type');
  if (wrongType(object, 'kind', 'string')) broken.push('kind type');
  if (wrongType(object, 'status', 'object')) broken.push('status type');
  if (wrongType(object, 'metadata', 'object')) broken.push('metadata type');
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  for (const key of ['name', 'generateName', 'namespace']) if (wrongType(metadata, key, 'string')) broken.push(`metadata.${key} type`);
  if (!has(object, 'spec')) broken.push('spec required');
  else if (!isObject(object['spec'])) broken.push('spec type');
  return isObject(object['spec']) ? object['spec'] : undefined;
}

/** metadataOf is the object's metadata when it is an object, else an empty one. */
export const metadataOf = (object: JsonObject): JsonObject => (isObject(object['metadata']) ? object['metadata'] : {});

/** settings: a map of strings (a null value is pruned). */
export function settings(spec: JsonObject, broken: string[]): void {
  if (!has(spec, 'settings')) return;
  const value = spec['settings'];
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string' && v !== null)) broken.push('spec.settings map of strings');
}

/** requiredString: present and a non-empty string; returns it. */
export function requiredString(spec: JsonObject, key: string, broken: string[]): string | undefined {
  const value = spec[key];
  if (!isNonEmptyString(value)) {
    broken.push(`spec.${key} required non-empty string`);
    return undefined;
  }
  return value;
}

/** port: required, an integer from 1 to 65535. */
export function port(spec: JsonObject, broken: string[]): void {
  const value = spec['port'];
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535)) broken.push('spec.port integer 1-65535');
}

/** secretName: tlsCredentials, when a non-empty string, names a Secret (a DNS-1123 subdomain). */
export function secretName(spec: JsonObject, broken: string[]): void {
  if (wrongType(spec, 'tlsCredentials', 'string')) broken.push('spec.tlsCredentials type');
  else if (isNonEmptyString(spec['tlsCredentials']) && !isSubdomain(spec['tlsCredentials'])) broken.push('spec.tlsCredentials Secret name');
}

/** booleans: each named field, when present, is a boolean. */
export function booleans(spec: JsonObject, keys: readonly string[], broken: string[]): void {
  for (const key of keys) if (wrongType(spec, key, 'boolean')) broken.push(`spec.${key} type`);
}

/** masked is a generateName as the API server checks it: a trailing "-" may end a prefix, not a name. */
export const masked = (generateName: string): string => (generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName);

/** generatedName is a name the API server could make of generateName: its first 58 characters and five of apimachinery's random ones. */
export const generatedName = (generateName: string): string => `${generateName.substring(0, 58)}bbbbb`;
