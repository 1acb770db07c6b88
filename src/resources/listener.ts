/**
 * Listener exposes a remote service locally (../shared/spec/listener.md).
 * The rules follow what Skupper's controller does with it on Kubernetes
 * (../shared/skupper/FACTS.md): spec.host becomes the name of a Service and
 * metadata.name the name of that Service's port, so a host or a name that
 * Kubernetes refuses there is stored and only fails when the Service is
 * written. spec.type is documented with default tcp although the CRD has
 * none, so the webhook fills it in.
 */
import type { KubeObject } from '../core/review.js';
import { secretNameErrors } from './common-rules.js';
import { fastPathAdmits, objectSchema, OBSERVER_SCHEMA, SETTINGS_SCHEMA } from './common-schema.js';
import { DEFAULT_TYPE, defaultType } from './default-type.js';
import { exposureWarnings } from './exposure-warnings.js';
import { DNS1035_LABEL_SCHEMA, DNS1123_SUBDOMAIN_SCHEMA, dns1123LabelSchema } from '../validation/names.js';
import { quoted } from '../validation/shorten.js';
import type { FastPath, ResourceRules, RuleContext, RuleResult } from './resource.js';
import { serviceHostErrors } from './service-host.js';
import { type PortNaming, servicePortNameErrors } from './service-port-name.js';

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

/**
 * PORT_NAMING: the port is named after the Listener (extended_bindings.go,
 * ListenerUpdated), and Kubernetes requires every Service port name to be a
 * DNS-1123 label.
 */
const PORT_NAMING: PortNaming = {
  prefix: '',
  reason: "Skupper names the port of the Listener's Service after the Listener, and a Service port name must be a DNS-1123 label",
};

/** typeWarning words what Skupper's controller does with a Listener whose type is not tcp (internal/site/listener.go). */
function typeWarning(type: string): string {
  return (
    `spec.type: Skupper supports only "${DEFAULT_TYPE}": for type ${quoted(type)} it still creates the Service, ` +
    'but configures no router listener, so nothing forwards the traffic and no status says why'
  );
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = servicePortNameErrors(object, context, PORT_NAMING);
  const warnings: string[] = [];
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (!spec || context.fieldsWithSchemaErrors.failed('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') errors.push(...serviceHostErrors('spec.host', host, context));
  errors.push(...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  const type = spec['type'];
  if (typeof type === 'string' && type !== '' && type !== DEFAULT_TYPE) warnings.push(typeWarning(type));
  // Only an object that would be admitted is worth a warning about the cluster.
  if (errors.length === 0 && !context.fieldsWithSchemaErrors.any()) warnings.push(...clusterWarnings(object, spec, context));
  return { errors, warnings };
}

/** clusterWarnings are the cluster cache's warnings about the Service port this Listener takes. */
function clusterWarnings(object: KubeObject, spec: Record<string, unknown>, context: RuleContext): string[] {
  const name = (object['metadata'] as Record<string, unknown> | undefined)?.['name'];
  const { host, port } = spec;
  if (typeof name !== 'string' || typeof host !== 'string' || typeof port !== 'number') return [];
  return exposureWarnings({ kind: 'Listener', name, host, port }, context);
}

/**
 * FAST_PATH admits a Listener with a name that is a port name already, a
 * host that is a Service name under either --service-name-validation, a
 * Secret name, if any, and the type tcp, if any: nothing left for the rules
 * but the cluster's warnings.
 */
const FAST_PATH: FastPath = {
  admits: fastPathAdmits(dns1123LabelSchema(), { host: DNS1035_LABEL_SCHEMA, tlsCredentials: DNS1123_SUBDOMAIN_SCHEMA, type: { const: DEFAULT_TYPE } }),
  contextRules: (object, context) => ({ errors: [], warnings: clusterWarnings(object, object['spec'] as Record<string, unknown>, context) }),
};

/** listener is the Listener kind's schema, rules and defaults. */
export const listener: ResourceRules = {
  kind: 'Listener',
  resource: 'listeners',
  schema,
  rules,
  defaults: defaultType,
  fastPath: FAST_PATH,
};
