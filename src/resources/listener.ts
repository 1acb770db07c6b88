/**
 * Listener exposes a remote service locally (../shared/spec/listener.md). On
 * Kubernetes, Skupper turns spec.host into a Service name, so a bad host only
 * fails much later; and spec.type is documented with default tcp although the
 * CRD has none, so the webhook fills it in.
 */
import type { JsonPatchOperation, KubeObject } from '../admission/review.js';
import { type FieldError, invalid } from '../validation/field-error.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../validation/names.js';
import { metadataNameErrors } from '../validation/object-meta.js';
import { quoted } from '../validation/shorten.js';
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

/** HOST_REASON says why spec.host must be a DNS-1035 label. */
const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  // The API server checks every object's name before validating webhooks run; /validate asked directly does too.
  const metadataChecked = ['metadata', 'metadata.name', 'metadata.generateName'].some((field) => context.fieldsWithSchemaErrors.failed(field));
  if (!metadataChecked) errors.push(...metadataNameErrors(object));
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (!spec || context.fieldsWithSchemaErrors.failed('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') {
    for (const message of isDNS1035Label(host)) errors.push(invalid('spec.host', host, `${message}: ${HOST_REASON}`));
  }
  // An empty tlsCredentials means none, as Skupper's omitempty field reads it.
  const tlsCredentials = spec['tlsCredentials'];
  if (typeof tlsCredentials === 'string' && tlsCredentials !== '') {
    for (const message of isDNS1123Subdomain(tlsCredentials)) {
      errors.push(invalid('spec.tlsCredentials', tlsCredentials, message));
    }
  }
  const type = spec['type'];
  if (typeof type === 'string' && type !== '' && type !== LISTENER_DEFAULT_TYPE) {
    warnings.push(
      `spec.type: unsupported listener type ${quoted(type)}: Skupper only supports "${LISTENER_DEFAULT_TYPE}" and will ignore this listener`,
    );
  }
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
