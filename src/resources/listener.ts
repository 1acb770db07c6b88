/**
 * Listener exposes a remote service locally (../shared/spec/listener.md). On
 * Kubernetes, Skupper turns spec.host into a Service name, so a bad host only
 * fails much later; and spec.type is documented with default tcp although the
 * CRD has none, so the webhook fills it in.
 */
import type { KubeObject } from '../admission/review.js';
import type { FieldError } from '../validation/field-error.js';
import { apiServerNameErrors, secretNameErrors } from './common-rules.js';
import { objectSchema, OBSERVER_SCHEMA, SETTINGS_SCHEMA } from './common-schema.js';
import { DEFAULT_TYPE, defaultType } from './default-type.js';
import { exposureWarnings } from './exposure-warnings.js';
import type { ResourceRules, RuleContext, RuleResult } from './resource.js';
import { serviceHostErrors } from './service-host.js';

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
    observer: OBSERVER_SCHEMA,
  },
});

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors: FieldError[] = apiServerNameErrors(object, context);
  const warnings: string[] = [];
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (!spec || context.fieldsWithSchemaErrors.has('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') errors.push(...serviceHostErrors('spec.host', host, context));
  errors.push(...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  const type = spec['type'];
  if (typeof type === 'string' && type !== '' && type !== DEFAULT_TYPE) {
    warnings.push(
      `spec.type: unsupported listener type ${JSON.stringify(type)}: Skupper only supports "${DEFAULT_TYPE}" and will ignore this listener`,
    );
  }
  // Only an object that would be admitted is worth a warning about the cluster.
  if (errors.length === 0 && context.fieldsWithSchemaErrors.size === 0) warnings.push(...clusterWarnings(object, spec, context));
  return { errors, warnings };
}

/** clusterWarnings are the cluster cache's warnings about the Service port this Listener takes. */
function clusterWarnings(object: KubeObject, spec: Record<string, unknown>, context: RuleContext): string[] {
  const name = (object['metadata'] as Record<string, unknown> | undefined)?.['name'];
  const { host, port } = spec;
  if (typeof name !== 'string' || typeof host !== 'string' || typeof port !== 'number') return [];
  return exposureWarnings({ kind: 'Listener', name, host, port }, context);
}

/** listener is the Listener kind's schema, rules and defaults. */
export const listener: ResourceRules = {
  kind: 'Listener',
  resource: 'listeners',
  schema,
  rules,
  defaults: defaultType,
};
