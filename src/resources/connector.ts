/**
 * Connector binds a routing key to the pods its selector picks, or to one
 * host. Skupper's CRD only asks for exactly one of selector and host; the
 * controller then lists pods with the selector as a label selector, connects
 * to the host by name or address, and refuses, after the fact, a Connector
 * whose selector and host are both empty (site.go: "Connector must define a
 * non-empty spec.host or spec.selector"). These rules say all of it at
 * admission, and spec.type is defaulted to tcp as the documentation says.
 */
import type { KubeObject } from '../core/review.js';
import { isPlainObject } from '../core/object.js';
import { type FieldError, invalid, required } from '../validation/field-error.js';
import { isHostNameOrIP } from '../validation/host-name-or-ip.js';
import { SIMPLE_SELECTOR_SCHEMA } from '../validation/label-selector.js';
import { DNS1123_SUBDOMAIN_SCHEMA } from '../validation/names.js';
import { apiServerNameErrors, secretNameErrors } from './common-rules.js';
import { fastPathAdmits, objectSchema, SETTINGS_SCHEMA } from './common-schema.js';
import { defaultType } from './default-type.js';
import { selectorErrors } from './label-selector-rule.js';
import type { FastPath, ResourceRules, RuleContext, RuleResult } from './resource.js';

const schema = objectSchema({
  type: 'object',
  required: ['routingKey', 'port'],
  properties: {
    routingKey: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    selector: { type: 'string' },
    host: { type: 'string' },
    tlsCredentials: { type: 'string' },
    useClientCert: { type: 'boolean' },
    verifyHostname: { type: 'boolean' },
    type: { type: 'string' },
    includeNotReadyPods: { type: 'boolean' },
    exposePodsByName: { type: 'boolean' },
    settings: SETTINGS_SCHEMA,
  },
  // The CRD's own oneOf: a field set to "" counts as set, as in the API server. Each branch names its
  // property again (`true`: anything) because ajv's strict mode wants a required property declared.
  oneOf: [
    { required: ['selector'], properties: { selector: true } },
    { required: ['host'], properties: { host: true } },
  ],
});

/** EMPTY_TARGET is the controller's complaint about a Connector with an empty selector and no host, or the reverse. */
const EMPTY_TARGET = 'Skupper needs a non-empty spec.host or spec.selector';

function targetErrors(spec: Record<string, unknown>): FieldError[] {
  const { selector, host } = spec;
  // Both or neither is the schema's oneOf error already.
  if ((typeof selector === 'string') === (typeof host === 'string')) return [];
  if (selector === '') return [required('spec.selector', EMPTY_TARGET)];
  if (host === '') return [required('spec.host', EMPTY_TARGET)];
  if (typeof host === 'string') return isHostNameOrIP(host).map((message) => invalid('spec.host', host, message));
  return selectorErrors('spec.selector', selector);
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = apiServerNameErrors(object, context);
  const spec = object['spec'];
  if (isPlainObject(spec) && !context.fieldsWithSchemaErrors.failed('spec')) {
    errors.push(...targetErrors(spec), ...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  }
  return { errors, warnings: [] };
}

/**
 * FAST_PATH admits a Connector with a name and no generateName, a host that
 * is a host name (an IP address takes the whole check) or a selector of
 * equality terms, and a Secret name, if any: nothing is left for the rules.
 */
const FAST_PATH: FastPath = {
  admits: fastPathAdmits(DNS1123_SUBDOMAIN_SCHEMA, { host: DNS1123_SUBDOMAIN_SCHEMA, selector: SIMPLE_SELECTOR_SCHEMA, tlsCredentials: DNS1123_SUBDOMAIN_SCHEMA }),
  contextRules: () => ({ errors: [], warnings: [] }),
};

/** connector is the Connector kind's schema, rules and defaults. */
export const connector: ResourceRules = {
  kind: 'Connector',
  resource: 'connectors',
  schema,
  rules,
  defaults: defaultType,
  fastPath: FAST_PATH,
};
