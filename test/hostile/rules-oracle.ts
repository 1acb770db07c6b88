/**
 * An independent statement of what the webhook promises to deny, written
 * from the kinds' documentation and the rules' doc comments (the
 * src/resources/ files say *what*, this says it again without their code),
 * so that property tests can tell, for any object, whether /validate must
 * refuse it. brokenRules returns the rules an object breaks: empty means
 * /validate must admit it (with warnings at most).
 */
import { isDns1035, isLabel, isSubdomain } from './grammar.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * has says whether a declared field is there. A null is not: the API server
 * prunes a null from every field a CRD declares without `nullable` (none of
 * these is) before any webhook sees the object, so null means absent.
 */
const has = (o: Record<string, Json>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== null;
const isNonEmptyString = (v: Json): v is string => typeof v === 'string' && v !== '';

/** OBSERVERS are spec.observer's allowed values in Skupper 2.2's CRD. */
const OBSERVERS = ['auto', 'none', 'http1', 'http2'];

/** A field that is present (not null, see has) must have its documented type. */
function wrongType(o: Record<string, Json>, key: string, type: 'string' | 'boolean' | 'object'): boolean {
  if (!has(o, key)) return false;
  const v = o[key];
  return type === 'object' ? !isObject(v) : typeof v !== type;
}

function envelope(object: Record<string, Json>, broken: string[]): Record<string, Json> | undefined {
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

function settings(spec: Record<string, Json>, broken: string[]): void {
  if (!has(spec, 'settings')) return;
  const value = spec['settings'];
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string' && v !== null)) broken.push('spec.settings map of strings');
}

function requiredString(spec: Record<string, Json>, key: string, broken: string[]): string | undefined {
  const value = spec[key];
  if (!isNonEmptyString(value)) {
    broken.push(`spec.${key} required non-empty string`);
    return undefined;
  }
  return value;
}

/**
 * listenerRules: metadata.name is a DNS-1123 subdomain, required unless
 * generateName is set, which must be one too once a trailing "-" is masked
 * (the API server's checks of every object); a name that passes must also be
 * a DNS-1123 label (Skupper names a Service port after it), and so must be
 * the name the API server makes of generateName (its first 58 characters and
 * five random ones: no dot in those 58); routingKey, host and port are required; host is a DNS-1035
 * label (it becomes a Service name); port is an integer from 1 to 65535;
 * tlsCredentials, when not empty, names a Secret (a DNS-1123 subdomain);
 * type is any string (the default is filled in by /mutate, and other types
 * only warn); observer is one of the CRD's values; exposePodsByName is a
 * boolean; settings map strings to strings. Unknown fields only warn.
 */
function listenerRules(object: Record<string, Json>): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  const [name, generateName] = [metadata['name'], metadata['generateName']];
  if (isNonEmptyString(generateName) && !isSubdomain(masked(generateName))) {
    broken.push('metadata.generateName DNS-1123 subdomain prefix');
  }
  if (isNonEmptyString(name)) {
    if (!isSubdomain(name)) broken.push('metadata.name DNS-1123 subdomain');
    else if (!isLabel(name)) broken.push('metadata.name DNS-1123 label (the Service port name)');
  } else if (!isNonEmptyString(generateName)) broken.push('metadata.name or generateName required');
  else if (isSubdomain(masked(generateName)) && generateName.substring(0, 58).includes('.')) broken.push('metadata.generateName makes a name with a dot');
  if (!spec) return broken;
  requiredString(spec, 'routingKey', broken);
  const host = requiredString(spec, 'host', broken);
  if (host !== undefined && !isDns1035(host)) broken.push('spec.host DNS-1035 label');
  const port = spec['port'];
  if (!(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) broken.push('spec.port integer 1-65535');
  if (wrongType(spec, 'tlsCredentials', 'string')) broken.push('spec.tlsCredentials type');
  else if (isNonEmptyString(spec['tlsCredentials']) && !isSubdomain(spec['tlsCredentials'])) broken.push('spec.tlsCredentials Secret name');
  if (wrongType(spec, 'type', 'string')) broken.push('spec.type type');
  if (has(spec, 'observer') && !OBSERVERS.includes(spec['observer'] as string)) broken.push('spec.observer enum');
  if (wrongType(spec, 'exposePodsByName', 'boolean')) broken.push('spec.exposePodsByName type');
  settings(spec, broken);
  return broken;
}

/**
 * bindingRules: metadata.name is required and a DNS-1123 subdomain (it must
 * equal an AttachedConnector's name, so a name made from generateName is
 * refused: none yet, or generateName's first 58 characters and five of
 * apimachinery's random ones);
 * connectorNamespace is required, a DNS-1123 label (a namespace name), and a
 * peer namespace: never the binding's own (metadata.namespace, else the
 * request's); routingKey is required; settings map strings to strings;
 * exposePodsByName is a boolean.
 */
/** masked is a generateName as the API server checks it: a trailing "-" may end a prefix, not a name. */
const masked = (generateName: string): string => (generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName);

function generatedFrom(name: Json, generateName: string): boolean {
  if (!isNonEmptyString(name)) return true;
  const prefix = generateName.substring(0, 58);
  return name.length === prefix.length + 5 && name.substring(0, prefix.length) === prefix && [...name.substring(prefix.length)].every((c) => 'bcdfghjklmnpqrstvwxz2456789'.includes(c));
}

function bindingRules(object: Record<string, Json>, requestNamespace: string | undefined): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  if (isNonEmptyString(metadata['generateName']) && generatedFrom(metadata['name'], metadata['generateName'])) broken.push('metadata.generateName forbidden');
  else if (!isNonEmptyString(metadata['name'])) broken.push('metadata.name required');
  else if (!isSubdomain(metadata['name'])) broken.push('metadata.name DNS-1123 subdomain');
  if (isNonEmptyString(metadata['generateName']) && !isSubdomain(masked(metadata['generateName']))) broken.push('metadata.generateName DNS-1123 subdomain prefix');
  if (!spec) return broken;
  const connectorNamespace = requiredString(spec, 'connectorNamespace', broken);
  if (connectorNamespace !== undefined) {
    if (!isLabel(connectorNamespace)) broken.push('spec.connectorNamespace DNS-1123 label');
    const own = isNonEmptyString(metadata['namespace']) ? metadata['namespace'] : requestNamespace || undefined;
    if (connectorNamespace === own) broken.push('spec.connectorNamespace peer namespace');
  }
  requiredString(spec, 'routingKey', broken);
  if (wrongType(spec, 'exposePodsByName', 'boolean')) broken.push('spec.exposePodsByName type');
  settings(spec, broken);
  return broken;
}

/** brokenRules returns the rules object breaks as a kind the webhook guards; an object that is not a JSON object breaks them all. */
export function brokenRules(kind: 'Listener' | 'AttachedConnectorBinding', object: Json, requestNamespace?: string): string[] {
  if (!isObject(object)) return ['object must be a JSON object'];
  return kind === 'Listener' ? listenerRules(object) : bindingRules(object, requestNamespace);
}

/** GUARDED_GROUP is the API group of the guarded kinds. */
export const GUARDED_GROUP = 'skupper.io';

/** isGuardedKind says whether a request's kind is one the webhook must review. */
export function isGuardedKind(kind: Json): kind is { group: string; kind: 'Listener' | 'AttachedConnectorBinding' } {
  return isObject(kind) && (kind['group'] ?? '') === GUARDED_GROUP && (kind['kind'] === 'Listener' || kind['kind'] === 'AttachedConnectorBinding');
}
