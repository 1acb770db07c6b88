/**
 * Every kustomize rendering, as `kubectl apply -k` renders it, checked
 * against the Kubernetes API schemas (kubernetes-models; for
 * MutatingAdmissionPolicy, which it lacks, mutating-admission-policy-schema.ts)
 * and cert-manager's v1 CRDs, for fields the API server would reject under
 * kubectl's strict field validation, and for the namespace every namespaced
 * object lands in.
 */
import * as k8s from '@kubernetes/client-node';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { expect } from 'chai';
import { MutatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { isMutatingAdmissionPolicyKind, mutatingAdmissionPolicyProblems } from './mutating-admission-policy-schema.js';
import { CERT_MANAGER, type K8sObject, kustomize, NAMESPACE, nameOf, type Rendering, RENDERINGS } from './rendered-manifests.js';

type ModelClass = new (data: never) => { validate(): void };

/**
 * MODELS maps every Kubernetes apiVersion/kind the manifests may render to its
 * kubernetes-models class, but for the MutatingAdmissionPolicy kinds (see
 * mutating-admission-policy-schema.ts). A kind missing here fails the test
 * rather than going unchecked.
 */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': ValidatingWebhookConfiguration,
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': MutatingWebhookConfiguration,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
};

/**
 * clientType names the @kubernetes/client-node type of o, used for the strict
 * field check: V1<kind>, V1beta1<kind>. The installed client (for Kubernetes
 * 1.34) has MutatingAdmissionPolicy as v1beta1 only, which has exactly the
 * fields of the v1 that 1.36 made GA, so v1 objects are checked against it.
 */
function clientType(o: K8sObject): string {
  const version = o.apiVersion.split('/').pop()!;
  const typeVersion = o.kind.startsWith('MutatingAdmissionPolicy') ? 'v1beta1' : version;
  return `${typeVersion[0]!.toUpperCase()}${typeVersion.slice(1)}${o.kind}`;
}

/** KEY_USAGES are the values cert-manager's KeyUsage type allows. */
const KEY_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign',
  'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime',
  'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];
const goDuration = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(h|m|s|ms|us|ns))+$' };
const namespacedMetadata = {
  type: 'object',
  required: ['name', 'namespace'],
  properties: { name: { type: 'string' }, namespace: { type: 'string' } },
};
/** unchecked allows keys without looking inside them: fields of the CRD these manifests do not use. */
const unchecked = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, {}]));
const closed = (properties: object, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
const resource = (kind: string, spec: object) =>
  closed({ apiVersion: { const: CERT_MANAGER }, kind: { const: kind }, metadata: namespacedMetadata, spec }, [
    'apiVersion',
    'kind',
    'metadata',
    'spec',
  ]);

/**
 * CERT_MANAGER_SCHEMAS checks cert-manager.io/v1 objects structurally, since
 * @kubernetes-models/cert-manager (models generated from the real CRDs) is not
 * installed: every spec field of the v1 CRDs is allowed and any other is an
 * error, and the fields these manifests use are checked in detail.
 */
const CERT_MANAGER_SCHEMAS: Record<string, object> = {
  // An Issuer is exactly one kind of issuer.
  Issuer: resource('Issuer', {
    ...closed({
      selfSigned: closed(unchecked('crlDistributionPoints')),
      ca: closed(
        { secretName: { type: 'string', minLength: 1 }, ...unchecked('crlDistributionPoints', 'issuingCertificateURLs', 'ocspServers') },
        ['secretName'],
      ),
      ...unchecked('acme', 'vault', 'venafi'),
    }),
    minProperties: 1,
    maxProperties: 1,
  }),
  Certificate: resource(
    'Certificate',
    closed(
      {
        secretName: { type: 'string', minLength: 1 },
        issuerRef: closed(
          { name: { type: 'string', minLength: 1 }, kind: { enum: ['Issuer', 'ClusterIssuer'] }, group: { const: 'cert-manager.io' } },
          ['name'],
        ),
        isCA: { type: 'boolean' },
        commonName: { type: 'string', maxLength: 64 },
        dnsNames: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        duration: goDuration,
        renewBefore: goDuration,
        revisionHistoryLimit: { type: 'integer', minimum: 1 },
        usages: { type: 'array', items: { enum: KEY_USAGES } },
        privateKey: closed({
          algorithm: { enum: ['RSA', 'ECDSA', 'Ed25519'] },
          size: { type: 'integer' },
          encoding: { enum: ['PKCS1', 'PKCS8'] },
          rotationPolicy: { enum: ['Never', 'Always'] },
        }),
        ...unchecked('additionalOutputFormats', 'emailAddresses', 'encodeUsagesInRequest', 'ipAddresses', 'keystores', 'literalSubject'),
        ...unchecked('nameConstraints', 'otherNames', 'renewBeforePercentage', 'secretTemplate', 'signatureAlgorithm', 'subject', 'uris'),
      },
      ['secretName', 'issuerRef'],
    ),
  ),
};

type ClientModel = { getAttributeTypeMap?: () => Array<{ baseName: string; type: string }> };

/**
 * undeclaredFields lists the fields of value that the @kubernetes/client-node
 * type does not declare. kubernetes-models accepts unknown fields, while
 * `kubectl apply` (strict field validation) rejects them, so without this a
 * typo such as `readinesProbe` would pass every schema check.
 */
function undeclaredFields(value: unknown, type: string, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((item, i) => undeclaredFields(item, array[1]!, `${path}[${i}]`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return isObject(value) ? Object.entries(value).flatMap(([k, v]) => undeclaredFields(v, map[1]!, `${path}.${k}`)) : [];
  if (['string', 'number', 'boolean', 'Date', 'any', 'IntOrString'].includes(type) || !isObject(value)) return [];
  const model = (k8s as unknown as Record<string, ClientModel>)[type];
  if (!model?.getAttributeTypeMap) throw new Error(`no @kubernetes/client-node type ${type} for ${path}`);
  const declared = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  return Object.entries(value).flatMap(([k, v]) =>
    declared.has(k) ? undeclaredFields(v, declared.get(k)!, `${path}.${k}`) : [`${path}.${k}`],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** schemaProblems validates o against its kubernetes-models class, or its cert-manager schema, and says what is wrong. */
function schemaProblems(o: K8sObject, certManager: Record<string, ValidateFunction>): string[] {
  if (isMutatingAdmissionPolicyKind(o)) return mutatingAdmissionPolicyProblems(o);
  if (o.apiVersion === CERT_MANAGER) {
    const validate = certManager[o.kind];
    if (!validate) return [`${nameOf(o)}: no cert-manager schema for this kind`];
    return validate(o) ? [] : [`${nameOf(o)}: ${validate.errors!.map(ajvMessage).join(', ')}`];
  }
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return [`${nameOf(o)}: no kubernetes-models class for ${o.apiVersion}`];
  try {
    new Model(o as never).validate();
    return [];
  } catch (e) {
    return [`${nameOf(o)}: ${(e as Error).message}`];
  }
}

function ajvMessage(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : '';
  return `${e.instancePath} ${e.message}${extra}`;
}

describe('manifests', () => {
  const rendered = {} as Record<Rendering, K8sObject[]>;
  let certManager: Record<string, ValidateFunction>;

  before(async () => {
    for (const [name, dir] of Object.entries(RENDERINGS)) rendered[name as Rendering] = await kustomize(dir);
    const ajv = new Ajv({ allErrors: true });
    certManager = Object.fromEntries(Object.entries(CERT_MANAGER_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)]));
  });

  for (const [name, dir] of Object.entries(RENDERINGS) as Array<[Rendering, string]>) {
    describe(`the ${name}, as \`kubectl kustomize ${dir}\` renders it`, () => {
      it('holds only objects that validate against their API schema', () => {
        expect(rendered[name].flatMap((o) => schemaProblems(o, certManager))).to.deep.equal([]);
      });

      it('uses no field the API does not declare (kubectl apply --validate=strict)', () => {
        const kubernetes = rendered[name].filter((o) => o.apiVersion !== CERT_MANAGER);
        expect(kubernetes.flatMap((o) => undeclaredFields(o, clientType(o), nameOf(o)))).to.deep.equal([]);
      });

      it(`puts every namespaced object in ${NAMESPACE}`, () => {
        const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
        clusterScoped.push('ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding');
        const elsewhere = rendered[name].filter((o) => !clusterScoped.includes(o.kind) && o.metadata.namespace !== NAMESPACE);
        expect(elsewhere.map(nameOf)).to.deep.equal([]);
      });
    });
  }
});
