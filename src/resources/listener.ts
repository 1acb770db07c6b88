/**
 * Listener exposes a remote service locally (../shared/spec/listener.md).
 * The rules follow what Skupper's controller does with it on Kubernetes
 * (../shared/skupper/FACTS.md): spec.host becomes the name of a Service and
 * metadata.name the name of that Service's port, so a host or a name that
 * Kubernetes refuses there is stored and only fails when the Service is
 * written. spec.type is documented with default tcp although the CRD has
 * none, so the webhook fills it in.
 */
import type { JsonPatchOperation, KubeObject } from '../admission/review.js';
import { type FieldError, invalid } from '../validation/field-error.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../validation/names.js';
import {
  GENERATED_SUFFIX_ALPHABET,
  GENERATED_SUFFIX_LENGTH,
  MAX_GENERATE_NAME_PREFIX,
  metadataNameErrors,
} from '../validation/object-meta.js';
import { serviceNameErrors } from '../validation/service-name.js';
import { objectSchema, SETTINGS_SCHEMA } from './common-schema.js';
import type { ResourceRules, RuleContext, RuleResult } from './resource.js';

/** LISTENER_DEFAULT_TYPE is the documented default of spec.type, and the only type Skupper supports. */
export const LISTENER_DEFAULT_TYPE = 'tcp';

/** OBSERVERS are spec.observer's values in Skupper 2.2's CRD. */
export const OBSERVERS = ['auto', 'none', 'http1', 'http2'] as const;

const schema = objectSchema({
  type: 'object',
  required: ['routingKey', 'port', 'host'],
  properties: {
    routingKey: { type: 'string', minLength: 1 },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    tlsCredentials: { type: 'string' },
    type: { type: 'string' },
    settings: SETTINGS_SCHEMA,
    // Known to Skupper 2.x's CRD though the documentation omits them.
    exposePodsByName: { type: 'boolean' },
    observer: { type: 'string', enum: [...OBSERVERS] },
  },
});

/** HOST_REASON says why spec.host must be a Service name (site.go, Expose: the Service is named after the host). */
const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';

/**
 * PORT_NAME_REASON says why metadata.name must be a DNS-1123 label
 * (extended_bindings.go, ListenerUpdated: the port is named after the
 * Listener), which Kubernetes requires of every Service port name.
 */
const PORT_NAME_REASON = "Skupper names the port of the Listener's Service after the Listener, and a Service port name must be a DNS-1123 label";

/** GENERATED_SUFFIX_SAMPLE stands in for the random characters the API server appends to generateName. */
const GENERATED_SUFFIX_SAMPLE = GENERATED_SUFFIX_ALPHABET[0]!.repeat(GENERATED_SUFFIX_LENGTH);

/**
 * portNameErrors checks that metadata.name, already a valid object name, is
 * also a valid port name: no dots and at most 63 characters. Without a name
 * yet (`check`, offline), the name the API server will make of generateName
 * is checked: its first 58 characters and five random ones, which can only
 * break the rule with a dot.
 */
function portNameErrors(metadata: Record<string, unknown>): FieldError[] {
  const name = metadata['name'];
  if (typeof name === 'string' && name !== '') {
    return isDNS1123Label(name).map((message) => invalid('metadata.name', name, `${message}: ${PORT_NAME_REASON}`));
  }
  const generateName = metadata['generateName'];
  if (typeof generateName !== 'string' || generateName === '') return [];
  const generated = generateName.slice(0, MAX_GENERATE_NAME_PREFIX) + GENERATED_SUFFIX_SAMPLE;
  return isDNS1123Label(generated).map((message) => invalid('metadata.generateName', generateName, `${message}: ${PORT_NAME_REASON}`));
}

/**
 * metadataErrors are the API server's own checks of the name, which
 * /validate asked directly repeats, then the port name rule on a name that
 * passes them. Fields the schema already refused are left alone.
 */
function metadataErrors(object: KubeObject, context: RuleContext): FieldError[] {
  if (['metadata', 'metadata.name', 'metadata.generateName'].some((field) => context.fieldsWithSchemaErrors.has(field))) return [];
  const errors = metadataNameErrors(object);
  const metadata = object['metadata'];
  if (errors.length > 0 || typeof metadata !== 'object' || metadata === null) return errors;
  return portNameErrors(metadata as Record<string, unknown>);
}

/** typeWarning words what Skupper's controller does with a Listener whose type is not tcp (internal/site/listener.go). */
function typeWarning(type: string): string {
  return (
    `spec.type: Skupper supports only "${LISTENER_DEFAULT_TYPE}": for type ${JSON.stringify(type)} it still creates the Service, ` +
    'but configures no router listener, so nothing forwards the traffic and no status says why'
  );
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = metadataErrors(object, context);
  const warnings: string[] = [];
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (!spec || context.fieldsWithSchemaErrors.has('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') {
    for (const message of serviceNameErrors(host, context.serviceNameValidation)) {
      errors.push(invalid('spec.host', host, `${message}: ${HOST_REASON}`));
    }
  }
  // An empty tlsCredentials means none, as Skupper's omitempty field reads it.
  const tlsCredentials = spec['tlsCredentials'];
  if (typeof tlsCredentials === 'string' && tlsCredentials !== '') {
    for (const message of isDNS1123Subdomain(tlsCredentials)) {
      errors.push(invalid('spec.tlsCredentials', tlsCredentials, message));
    }
  }
  const type = spec['type'];
  if (typeof type === 'string' && type !== '' && type !== LISTENER_DEFAULT_TYPE) warnings.push(typeWarning(type));
  return { errors, warnings };
}

/**
 * defaults sets spec.type to tcp when it is absent, null or empty, with one
 * patch operation; a missing spec is added whole so that the patch applies.
 * An explicit type is never overridden, and a spec of the wrong type is left
 * for validation to deny.
 */
function defaults(object: KubeObject): JsonPatchOperation[] {
  const spec = object['spec'];
  if (spec === undefined || spec === null) {
    return [{ op: 'add', path: '/spec', value: { type: LISTENER_DEFAULT_TYPE } }];
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) return [];
  const type = (spec as Record<string, unknown>)['type'];
  if (type === undefined) return [{ op: 'add', path: '/spec/type', value: LISTENER_DEFAULT_TYPE }];
  if (type === null || type === '') return [{ op: 'replace', path: '/spec/type', value: LISTENER_DEFAULT_TYPE }];
  return [];
}

/** listener is the Listener kind's schema, rules and defaults. */
export const listener: ResourceRules = {
  kind: 'Listener',
  schema,
  rules,
  defaults,
};
