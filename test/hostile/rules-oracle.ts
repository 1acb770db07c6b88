/**
 * An independent statement of what the webhook promises to deny, written
 * from the kinds' documentation, their CRDs and the rules' doc comments (the
 * src/resources/ files say *what*, this says it again without their code),
 * so that property tests can tell, for any object, whether /validate must
 * refuse it. brokenRules returns the rules an object breaks: empty means
 * /validate must admit it (with warnings at most).
 */
import { isDns1035, isLabel, isSubdomain } from './grammar.js';
import {
  booleans,
  envelope,
  generatedName,
  has,
  isNonEmptyString,
  isObject,
  type Json,
  type JsonObject,
  masked,
  metadataOf,
  port,
  requiredString,
  secretName,
  settings,
  wrongType,
} from './oracle-support.js';
import { parsesAsLabelSelector } from './selector-grammar.js';

/** GUARDED_KINDS are the kinds the webhook reviews. */
export const GUARDED_KINDS = ['AttachedConnector', 'AttachedConnectorBinding', 'Connector', 'Listener', 'MultiKeyListener'] as const;

/** GuardedKind is one of GUARDED_KINDS. */
export type GuardedKind = (typeof GUARDED_KINDS)[number];

/** OracleContext is what the request adds: the namespace (the object's, else the request's), an UPDATE's stored object, the Service name rule. */
export interface OracleContext {
  namespace?: string | undefined;
  oldObject?: Json;
  serviceNameValidation?: 'strict' | 'relaxed';
}

/** OBSERVERS are spec.observer's allowed values in Skupper 2.2's CRDs. */
const OBSERVERS = ['auto', 'none', 'http1', 'http2'];

/** MAX_ROUTING_KEYS is the CRD's maxItems and maxProperties of a MultiKeyListener's routing keys. */
const MAX_ROUTING_KEYS = 256;

/**
 * objectName: the API server's checks of every object (metadata.name a
 * DNS-1123 subdomain, required unless generateName is set, which must be one
 * too once a trailing "-" is masked). With portPrefix, Skupper names a
 * Service port portPrefix + the name, which must be a DNS-1123 label; so
 * must portPrefix + the name the API server makes of generateName when
 * there is no name yet.
 */
function objectName(object: JsonObject, broken: string[], portPrefix?: string): void {
  const metadata = metadataOf(object);
  const [name, generateName] = [metadata['name'], metadata['generateName']];
  if (isNonEmptyString(generateName) && !isSubdomain(masked(generateName))) broken.push('metadata.generateName DNS-1123 subdomain prefix');
  if (isNonEmptyString(name)) {
    if (!isSubdomain(name)) broken.push('metadata.name DNS-1123 subdomain');
    else if (portPrefix !== undefined && !isLabel(portPrefix + name)) broken.push('metadata.name makes a Service port name');
  } else if (!isNonEmptyString(generateName)) broken.push('metadata.name or generateName required');
  else if (portPrefix !== undefined && isSubdomain(masked(generateName)) && !isLabel(portPrefix + generatedName(generateName))) {
    broken.push('metadata.generateName makes a Service port name');
  }
}

/** serviceHost: spec.host is required and a Service name: a DNS-1035 label, or with the relaxed rule a DNS-1123 label. */
function serviceHost(spec: JsonObject, context: OracleContext, broken: string[]): void {
  const host = requiredString(spec, 'host', broken);
  const isServiceName = context.serviceNameValidation === 'relaxed' ? isLabel : isDns1035;
  if (host !== undefined && !isServiceName(host)) broken.push('spec.host Service name');
}

function observer(spec: JsonObject, broken: string[]): void {
  if (has(spec, 'observer') && !OBSERVERS.includes(spec['observer'] as string)) broken.push('spec.observer enum');
}

/** peerNamespace: required, a DNS-1123 label, and never the object's own namespace. */
function peerNamespace(spec: JsonObject, key: string, context: OracleContext, broken: string[]): void {
  const value = requiredString(spec, key, broken);
  if (value === undefined) return;
  if (!isLabel(value)) broken.push(`spec.${key} DNS-1123 label`);
  if (value === context.namespace) broken.push(`spec.${key} peer namespace`);
}

/**
 * listenerRules: the name makes a Service port name (objectName); routingKey,
 * host and port are required; host is a Service name; tlsCredentials, when
 * not empty, names a Secret; type is any string (other types only warn);
 * observer is one of the CRD's values; exposePodsByName is a boolean;
 * settings map strings to strings. Unknown fields only warn.
 */
function listenerRules(object: JsonObject, context: OracleContext): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  objectName(object, broken, '');
  if (!spec) return broken;
  requiredString(spec, 'routingKey', broken);
  serviceHost(spec, context, broken);
  port(spec, broken);
  secretName(spec, broken);
  if (wrongType(spec, 'type', 'string')) broken.push('spec.type type');
  observer(spec, broken);
  booleans(spec, ['exposePodsByName'], broken);
  settings(spec, broken);
  return broken;
}

function priorityKeys(priority: Json, broken: string[]): void {
  if (!isObject(priority)) return void broken.push('spec.strategy.priority type');
  if (!has(priority, 'routingKeys')) return void broken.push('spec.strategy.priority.routingKeys required');
  const keys = priority['routingKeys'];
  if (!Array.isArray(keys)) return void broken.push('spec.strategy.priority.routingKeys type');
  if (keys.length < 1 || keys.length > MAX_ROUTING_KEYS) broken.push('spec.strategy.priority.routingKeys 1-256');
  // Array.from, because a deleted item is a hole that every() skips and JSON sends as null.
  if (!Array.from(keys).every(isNonEmptyString)) broken.push('spec.strategy.priority.routingKeys non-empty strings');
  else if (new Set(keys).size !== keys.length) broken.push('spec.strategy.priority.routingKeys a set');
}

function weightedKeys(weighted: Json, broken: string[]): void {
  if (!isObject(weighted)) return void broken.push('spec.strategy.weighted type');
  if (!has(weighted, 'routingKeys')) return void broken.push('spec.strategy.weighted.routingKeys required');
  const keys = weighted['routingKeys'];
  if (!isObject(keys)) return void broken.push('spec.strategy.weighted.routingKeys type');
  // A null weight is pruned, as every null in a declared field.
  const weights = Object.entries(keys).filter(([, weight]) => weight !== null);
  if (weights.length < 1 || weights.length > MAX_ROUTING_KEYS) broken.push('spec.strategy.weighted.routingKeys 1-256');
  if (weights.some(([key]) => key === '')) broken.push('spec.strategy.weighted.routingKeys non-empty keys');
  if (!weights.every(([, w]) => typeof w === 'number' && Number.isInteger(w) && w >= 0)) broken.push('spec.strategy.weighted.routingKeys weights');
}

/** strategy: an object with exactly one of priority and weighted (CRD rule), whose kind an UPDATE keeps (CRD transition rule). */
function strategy(value: Json, oldObject: Json, broken: string[]): void {
  if (!isObject(value)) return void broken.push('spec.strategy type');
  const kinds = ['priority', 'weighted'].filter((kind) => has(value, kind));
  if (kinds.length !== 1) broken.push('spec.strategy exactly one of priority and weighted');
  const oldSpec = isObject(oldObject) ? oldObject['spec'] : undefined;
  const old = isObject(oldSpec) ? oldSpec['strategy'] : undefined;
  if (isObject(old) && ['priority', 'weighted'].some((kind) => has(old, kind) && !has(value, kind))) broken.push('spec.strategy immutable');
  if (has(value, 'priority')) priorityKeys(value['priority'], broken);
  if (has(value, 'weighted')) weightedKeys(value['weighted'], broken);
}

/**
 * multiKeyListenerRules: the name makes the Service port name
 * "multiaddress-<name>"; host (a Service name, as Listener's), port and
 * strategy are required; priority routing keys are 1 to 256 distinct
 * non-empty strings, weighted ones 1 to 256 non-empty keys with integer
 * weights of 0 or more; tlsCredentials, observer and settings as Listener's;
 * requireClientCert is a boolean.
 */
function multiKeyListenerRules(object: JsonObject, context: OracleContext): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  objectName(object, broken, 'multiaddress-');
  if (!spec) return broken;
  serviceHost(spec, context, broken);
  port(spec, broken);
  secretName(spec, broken);
  observer(spec, broken);
  booleans(spec, ['requireClientCert'], broken);
  settings(spec, broken);
  if (!has(spec, 'strategy')) broken.push('spec.strategy required');
  else strategy(spec['strategy'], context.oldObject, broken);
  return broken;
}

/** isIPv6 reads an address as the WHATWG URL parser reads a bracketed host: no zone, hexadecimal, colons and an IPv4 tail only. */
function isIPv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.startsWith('[');
  } catch {
    return false;
  }
}

/** selector: when a non-empty string, it parses as a label selector. */
function selector(spec: JsonObject, broken: string[]): void {
  if (wrongType(spec, 'selector', 'string')) broken.push('spec.selector type');
  else if (isNonEmptyString(spec['selector']) && !parsesAsLabelSelector(spec['selector'])) broken.push('spec.selector label selector');
}

/**
 * connectorRules: routingKey and port are required; exactly one of selector
 * and host is present (the CRD's oneOf: an empty string counts), and the one
 * present is not empty; selector parses as a label selector; host is a
 * DNS-1123 subdomain or, with a colon, an IPv6 address; tlsCredentials names
 * a Secret; type is a string; the rest booleans and settings.
 */
function connectorRules(object: JsonObject): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  objectName(object, broken);
  if (!spec) return broken;
  requiredString(spec, 'routingKey', broken);
  port(spec, broken);
  const targets = ['selector', 'host'].filter((key) => has(spec, key));
  if (targets.length !== 1) broken.push('spec exactly one of selector and host');
  else if (spec[targets[0]!] === '') broken.push(`spec.${targets[0]} non-empty`);
  selector(spec, broken);
  if (wrongType(spec, 'host', 'string')) broken.push('spec.host type');
  else if (isNonEmptyString(spec['host'])) {
    const host = spec['host'];
    if (!(host.includes(':') ? isIPv6(host) : isSubdomain(host))) broken.push('spec.host host name or IP address');
  }
  secretName(spec, broken);
  if (wrongType(spec, 'type', 'string')) broken.push('spec.type type');
  booleans(spec, ['useClientCert', 'verifyHostname', 'includeNotReadyPods', 'exposePodsByName'], broken);
  settings(spec, broken);
  return broken;
}

/**
 * attachedConnectorRules: siteNamespace is a peer namespace (as a binding's
 * connectorNamespace); port is required; selector is a required, non-empty
 * label selector; tlsCredentials names a Secret; type is a string; the rest
 * booleans and settings.
 */
function attachedConnectorRules(object: JsonObject, context: OracleContext): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  objectName(object, broken);
  if (!spec) return broken;
  peerNamespace(spec, 'siteNamespace', context, broken);
  port(spec, broken);
  if (!isNonEmptyString(spec['selector']) && !wrongType(spec, 'selector', 'string')) broken.push('spec.selector required');
  selector(spec, broken);
  secretName(spec, broken);
  if (wrongType(spec, 'type', 'string')) broken.push('spec.type type');
  booleans(spec, ['useClientCert', 'includeNotReadyPods'], broken);
  settings(spec, broken);
  return broken;
}

/** generatedFrom says whether name is what the API server makes of generateName (or no name yet, which it will be). */
function generatedFrom(name: Json, generateName: string): boolean {
  if (!isNonEmptyString(name)) return true;
  const prefix = generateName.substring(0, 58);
  return name.length === prefix.length + 5 && name.substring(0, prefix.length) === prefix && [...name.substring(prefix.length)].every((c) => 'bcdfghjklmnpqrstvwxz2456789'.includes(c));
}

/**
 * bindingRules: metadata.name is required and a DNS-1123 subdomain (it must
 * equal an AttachedConnector's name, so a name made from generateName is
 * refused: none yet, or generateName's first 58 characters and five of
 * apimachinery's random ones); connectorNamespace is a peer namespace;
 * routingKey is required; settings map strings to strings;
 * exposePodsByName is a boolean.
 */
function bindingRules(object: JsonObject, context: OracleContext): string[] {
  const broken: string[] = [];
  const spec = envelope(object, broken);
  const metadata = metadataOf(object);
  if (isNonEmptyString(metadata['generateName']) && generatedFrom(metadata['name'], metadata['generateName'])) broken.push('metadata.generateName forbidden');
  else if (!isNonEmptyString(metadata['name'])) broken.push('metadata.name required');
  else if (!isSubdomain(metadata['name'])) broken.push('metadata.name DNS-1123 subdomain');
  if (isNonEmptyString(metadata['generateName']) && !isSubdomain(masked(metadata['generateName']))) broken.push('metadata.generateName DNS-1123 subdomain prefix');
  if (!spec) return broken;
  peerNamespace(spec, 'connectorNamespace', context, broken);
  requiredString(spec, 'routingKey', broken);
  booleans(spec, ['exposePodsByName'], broken);
  settings(spec, broken);
  return broken;
}

const RULES: Record<GuardedKind, (object: JsonObject, context: OracleContext) => string[]> = {
  AttachedConnector: attachedConnectorRules,
  AttachedConnectorBinding: bindingRules,
  Connector: connectorRules,
  Listener: listenerRules,
  MultiKeyListener: multiKeyListenerRules,
};

/** brokenRules returns the rules object breaks as a kind the webhook guards; an object that is not a JSON object breaks them all. */
export function brokenRules(kind: GuardedKind, object: Json, context: OracleContext = {}): string[] {
  if (!isObject(object)) return ['object must be a JSON object'];
  const own = metadataOf(object)['namespace'];
  return RULES[kind](object, { ...context, namespace: isNonEmptyString(own) ? own : context.namespace || undefined });
}

/** GUARDED_GROUP is the API group of the guarded kinds. */
export const GUARDED_GROUP = 'skupper.io';

/** isGuardedKind says whether a request's kind is one the webhook must review. */
export function isGuardedKind(kind: Json): kind is { group: string; kind: GuardedKind } {
  return isObject(kind) && (kind['group'] ?? '') === GUARDED_GROUP && (GUARDED_KINDS as readonly Json[]).includes(kind['kind']);
}
