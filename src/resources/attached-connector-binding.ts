/**
 * AttachedConnectorBinding binds a site to an AttachedConnector in a peer
 * namespace (../shared/spec/attached-connector-binding.md). Skupper's
 * controller pairs the two by name: the binding names the AttachedConnector's
 * namespace, the AttachedConnector the binding's (../shared/skupper/FACTS.md).
 * The CRD checks none of it. These rules check that the name can match an
 * AttachedConnector's and that connectorNamespace is a namespace name; that
 * it is another namespace than the binding's is the documentation's rule,
 * which the controller itself does not enforce.
 */
import type { KubeObject } from '../core/review.js';
import { type FieldError, forbidden, required } from '../validation/field-error.js';
import {
  GENERATED_SUFFIX_ALPHABET,
  GENERATED_SUFFIX_LENGTH,
  MAX_GENERATE_NAME_PREFIX,
  metadataNameErrors,
} from '../validation/object-meta.js';
import { metadataChecked } from './common-rules.js';
import { DNS1123_SUBDOMAIN_SCHEMA, dns1123LabelSchema } from '../validation/names.js';
import { fastPathAdmits, objectSchema, SETTINGS_SCHEMA } from './common-schema.js';
import { ownNamespaceErrors, peerNamespaceErrors } from './peer-namespace.js';
import type { FastPath, ResourceRules, RuleContext, RuleResult } from './resource.js';

const schema = objectSchema({
  type: 'object',
  required: ['connectorNamespace', 'routingKey'],
  properties: {
    connectorNamespace: { type: 'string', minLength: 1 },
    routingKey: { type: 'string', minLength: 1 },
    settings: SETTINGS_SCHEMA,
    // Known to Skupper 2.x's CRD though the documentation omits it.
    exposePodsByName: { type: 'boolean' },
  },
});

/**
 * GENERATED_SUFFIX is what the API server appends to generateName (cut to
 * MAX_GENERATE_NAME_PREFIX characters) to make a name: five characters of
 * apimachinery's rand.String alphabet (SimpleNameGenerator).
 */
const GENERATED_SUFFIX = new RegExp(`^[${GENERATED_SUFFIX_ALPHABET}]{${GENERATED_SUFFIX_LENGTH}}$`);

/**
 * isGeneratedName says whether name is what the API server makes of
 * generateName. When an object has both, Kubernetes keeps the name it was
 * given and ignores generateName; a validating webhook sees both fields
 * either way, and only the shape of the name tells them apart.
 */
export function isGeneratedName(name: unknown, generateName: string): boolean {
  if (typeof name !== 'string' || name === '') return true; // not generated yet (check, offline), but it will be
  const prefix = generateName.slice(0, MAX_GENERATE_NAME_PREFIX);
  return name.length === prefix.length + GENERATED_SUFFIX_LENGTH && name.startsWith(prefix) && GENERATED_SUFFIX.test(name.slice(prefix.length));
}

function nameErrors(object: KubeObject, metadata: Record<string, unknown>): FieldError[] {
  const name = metadata['name'];
  // The API server fills in a generated name before validating webhooks run,
  // so the name alone cannot tell; generateName and the name's shape can.
  const generateName = metadata['generateName'];
  if (typeof generateName === 'string' && generateName !== '' && isGeneratedName(name, generateName)) {
    return [
      forbidden(
        'metadata.generateName',
        "Skupper pairs a binding with the AttachedConnector of the same name, which a generated name cannot be chosen to match; set metadata.name to the AttachedConnector's name",
      ),
    ];
  }
  if (typeof name !== 'string' || name === '') return [required('metadata.name')];
  // The API server's own checks: the name, and a generateName given beside it.
  return metadataNameErrors(object);
}

/**
 * clusterStateWarnings checks the cache of AttachedConnectors. It only ever
 * warns: the AttachedConnector may well be created after its binding.
 */
function clusterStateWarnings(name: unknown, connectorNamespace: string, context: RuleContext): string[] {
  const state = context.clusterState;
  if (!state?.synced('attachedconnectors') || typeof name !== 'string' || name === '') return [];
  const connector = state.attachedConnector(connectorNamespace, name);
  if (connector === undefined) {
    return [
      `no AttachedConnector "${name}" exists in namespace "${connectorNamespace}" yet: the binding does nothing, and its site reports "No matching AttachedConnector", until one is created there`,
    ];
  }
  if (context.namespace !== undefined && connector.siteNamespace !== context.namespace) {
    const siteNamespace = JSON.stringify(connector.siteNamespace ?? '');
    return [
      `AttachedConnector "${connectorNamespace}/${name}" has spec.siteNamespace ${siteNamespace}, not this binding's namespace "${context.namespace}": Skupper hands that AttachedConnector to the site in ${siteNamespace}, so the two will not pair`,
    ];
  }
  return [];
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const metadata = (object['metadata'] ?? {}) as Record<string, unknown>;
  if (!metadataChecked(context)) errors.push(...nameErrors(object, metadata));
  const spec = object['spec'] as Record<string, unknown> | undefined;
  const connectorNamespace = spec?.['connectorNamespace'];
  if (typeof connectorNamespace === 'string' && connectorNamespace !== '') {
    errors.push(...peerNamespaceErrors('spec.connectorNamespace', connectorNamespace, 'binding', context));
    if (errors.length === 0) warnings.push(...clusterStateWarnings(metadata['name'], connectorNamespace, context));
  }
  return { errors, warnings };
}

/**
 * FAST_PATH admits a binding with a name and no generateName, and a
 * connectorNamespace that is a namespace name: nothing left for the rules
 * but whether it is the binding's own namespace, and the cluster's warnings.
 */
const FAST_PATH: FastPath = {
  admits: fastPathAdmits(DNS1123_SUBDOMAIN_SCHEMA, { connectorNamespace: dns1123LabelSchema() }),
  contextRules(object, context) {
    const name = (object['metadata'] as Record<string, unknown>)['name'];
    const connectorNamespace = (object['spec'] as Record<string, unknown>)['connectorNamespace'] as string;
    const errors = ownNamespaceErrors('spec.connectorNamespace', connectorNamespace, 'binding', context);
    return { errors, warnings: errors.length === 0 ? clusterStateWarnings(name, connectorNamespace, context) : [] };
  },
};

/** attachedConnectorBinding is the AttachedConnectorBinding kind's schema and rules. */
export const attachedConnectorBinding: ResourceRules = {
  kind: 'AttachedConnectorBinding',
  resource: 'attachedconnectorbindings',
  schema,
  rules,
  fastPath: FAST_PATH,
};
