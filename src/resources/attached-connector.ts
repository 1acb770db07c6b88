/**
 * AttachedConnector is the half of an attached connector that lives with the
 * workload: in namespace C, it names in spec.siteNamespace the namespace S of
 * the site whose AttachedConnectorBinding (in S, naming C) exposes it.
 * Skupper's CRD checks neither that siteNamespace is a namespace name nor
 * that it is another namespace than C, and it lists the pods with
 * spec.selector as a label selector only once the pair is complete. These
 * rules check all three at admission, and default spec.type to tcp.
 */
import type { KubeObject } from '../core/review.js';
import { isPlainObject } from '../core/object.js';
import { apiServerNameErrors, secretNameErrors } from './common-rules.js';
import { fastPathAdmits, objectSchema, SETTINGS_SCHEMA } from './common-schema.js';
import { defaultType } from './default-type.js';
import { selectorErrors } from './label-selector-rule.js';
import { ownNamespaceErrors, peerNamespaceErrors } from './peer-namespace.js';
import { SIMPLE_SELECTOR_SCHEMA } from '../validation/label-selector.js';
import { DNS1123_SUBDOMAIN_SCHEMA, dns1123LabelSchema } from '../validation/names.js';
import type { FastPath, ResourceRules, RuleContext, RuleResult } from './resource.js';

const schema = objectSchema({
  type: 'object',
  required: ['port', 'selector', 'siteNamespace'],
  properties: {
    siteNamespace: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    // An empty selector would select every pod in the namespace.
    selector: { type: 'string', minLength: 1 },
    tlsCredentials: { type: 'string' },
    useClientCert: { type: 'boolean' },
    type: { type: 'string' },
    includeNotReadyPods: { type: 'boolean' },
    settings: SETTINGS_SCHEMA,
  },
});

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = apiServerNameErrors(object, context);
  const spec = object['spec'];
  if (isPlainObject(spec) && !context.fieldsWithSchemaErrors.failed('spec')) {
    const siteNamespace = spec['siteNamespace'];
    if (typeof siteNamespace === 'string' && siteNamespace !== '') {
      errors.push(...peerNamespaceErrors('spec.siteNamespace', siteNamespace, 'AttachedConnector', context));
    }
    if (spec['selector'] !== '') errors.push(...selectorErrors('spec.selector', spec['selector']));
    errors.push(...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  }
  return { errors, warnings: [] };
}

/**
 * FAST_PATH admits an AttachedConnector with a name and no generateName, a
 * siteNamespace that is a namespace name, a selector of equality terms and
 * a Secret name, if any: nothing left for the rules but whether
 * siteNamespace is its own namespace.
 */
const FAST_PATH: FastPath = {
  admits: fastPathAdmits(DNS1123_SUBDOMAIN_SCHEMA, { siteNamespace: dns1123LabelSchema(), selector: SIMPLE_SELECTOR_SCHEMA, tlsCredentials: DNS1123_SUBDOMAIN_SCHEMA }),
  contextRules(object, context) {
    const siteNamespace = (object['spec'] as Record<string, unknown>)['siteNamespace'] as string;
    return { errors: ownNamespaceErrors('spec.siteNamespace', siteNamespace, 'AttachedConnector', context), warnings: [] };
  },
};

/** attachedConnector is the AttachedConnector kind's schema, rules and defaults. */
export const attachedConnector: ResourceRules = {
  kind: 'AttachedConnector',
  resource: 'attachedconnectors',
  schema,
  rules,
  defaults: defaultType,
  fastPath: FAST_PATH,
};
