/**
 * The kustomize manifests, rendered as `kubectl apply -k` renders them and
 * checked three ways: against the Kubernetes API schemas (kubernetes-models),
 * for fields the API server would reject under kubectl's strict field
 * validation, and for the choices that keep a failurePolicy: Fail webhook safe
 * to run. The reasons for those choices are in the manifests' comments.
 */
import * as k8s from '@kubernetes/client-node';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { MutatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** RENDERINGS are the two things an admin can apply, by the directory `kubectl apply -k` takes. */
const RENDERINGS = { base: 'manifests', 'cert-manager overlay': 'manifests/overlays/cert-manager' } as const;
type Rendering = keyof typeof RENDERINGS;
/** NAME is the name of every base object, and also of the namespace they live in. */
const NAME = 'skupper-webhook';
const NAMESPACE = 'skupper-webhook';
const TLS_DIR = '/etc/skupper-webhook/tls';
const CERT_MANAGER = 'cert-manager.io/v1';

// Rendered YAML is read field by field; below the top level anything goes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };
type ModelClass = new (data: never) => { validate(): void };

/**
 * MODELS maps every Kubernetes apiVersion/kind the manifests may render to its
 * kubernetes-models class. A kind missing here fails the test rather than
 * going unchecked. All of them are v1 APIs, so the matching
 * @kubernetes/client-node type, used for the strict field check, is V1<kind>.
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
};

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

/** kustomize renders dir the way `kubectl apply -k dir` would and parses every document. */
async function kustomize(dir: string): Promise<K8sObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('kubectl', ['kustomize', dir], { cwd: REPO, timeout: 15_000 }));
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT') {
      const hint = 'these tests render the manifests with `kubectl kustomize`, as `kubectl apply -k` does; install kubectl 1.27 or newer';
      throw new Error(`kubectl is not on PATH: ${hint}`, { cause: e });
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${error.stderr?.trim() || error.message}`, { cause: e });
  }
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${doc.errors[0]!.message}`);
    return doc.toJS() as K8sObject;
  });
}

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

/** find returns the one rendered object of kind and name, failing when there is not exactly one. */
function find(objects: K8sObject[], kind: string, name = NAME): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind} ${name}`).to.have.lengthOf(1);
  return found[0]!;
}

/** nameOf names an object in assertion messages: "Deployment skupper-webhook/skupper-webhook". */
function nameOf(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** hours reads the Go durations cert-manager uses ("2160h", "1h30m"). */
function hours(duration: string): number {
  const units: Record<string, number> = { h: 1, m: 1 / 60, s: 1 / 3600 };
  return [...duration.matchAll(/(\d+)([hms])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

/** webhookEntry is the whole entry a configuration should carry for resource; only the path and extras differ. */
function webhookEntry(resource: string, path: string, extra: object = {}): object {
  return {
    name: `${resource}.skupper-webhook.skupper.io`,
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { namespace: NAMESPACE, name: NAME, path, port: 443 } },
    rules: [
      { apiGroups: ['skupper.io'], apiVersions: ['v2alpha1'], resources: [resource], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' },
    ],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    timeoutSeconds: 5,
    namespaceSelector: {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NAMESPACE] }],
    },
    ...extra,
  };
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
        expect(kubernetes.flatMap((o) => undeclaredFields(o, `V1${o.kind}`, nameOf(o)))).to.deep.equal([]);
      });

      it(`puts every namespaced object in ${NAMESPACE}`, () => {
        const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
        const elsewhere = rendered[name].filter((o) => !clusterScoped.includes(o.kind) && o.metadata.namespace !== NAMESPACE);
        expect(elsewhere.map(nameOf)).to.deep.equal([]);
      });
    });
  }

  describe('the base', () => {
    let objects: K8sObject[];
    let deployment: K8sObject;
    let pod: K8sObject;
    let container: K8sObject;
    before(() => {
      objects = rendered.base;
      deployment = find(objects, 'Deployment');
      pod = deployment.spec.template;
      container = pod.spec.containers[0];
    });

    context('when the API server calls the webhooks', () => {
      it('validates AttachedConnectorBindings and Listeners on CREATE and UPDATE, outside kube-system and its own namespace', () => {
        expect(find(objects, 'ValidatingWebhookConfiguration').webhooks).to.deep.equal([
          webhookEntry('attachedconnectorbindings', '/validate'),
          webhookEntry('listeners', '/validate'),
        ]);
      });

      it('defaults Listeners, and is called again if a later webhook changes them', () => {
        expect(find(objects, 'MutatingWebhookConfiguration').webhooks).to.deep.equal([
          webhookEntry('listeners', '/mutate', { reinvocationPolicy: 'IfNeeded' }),
        ]);
      });

      it('reaches the pods through Service port 443, which targets container port 8443', () => {
        const service = find(objects, 'Service');
        const https = service.spec.ports.find((p: K8sObject) => p.port === 443);
        const target = container.ports.find((p: K8sObject) => p.name === https.targetPort || p.containerPort === https.targetPort);
        expect(target).to.deep.include({ name: 'https', containerPort: 8443 });
        expect(service.spec.selector).to.deep.equal(deployment.spec.selector.matchLabels);
      });

      it('lets any source reach 8443 and only the monitoring namespace reach 9090', () => {
        const policy = find(objects, 'NetworkPolicy');
        expect(policy.spec.podSelector.matchLabels).to.deep.equal(deployment.spec.selector.matchLabels);
        expect(policy.spec.ingress).to.deep.equal([
          { ports: [{ port: 8443, protocol: 'TCP' }] },
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
            ports: [{ port: 9090, protocol: 'TCP' }],
          },
        ]);
      });

      it('labels its namespace with the name the namespaceSelector leaves out', () => {
        expect(find(objects, 'Namespace').metadata.labels).to.include({
          'kubernetes.io/metadata.name': NAMESPACE,
          'pod-security.kubernetes.io/enforce': 'restricted',
        });
      });

      it('leaves the caBundle to `skupper-webhook ca-bundle` or cert-manager', () => {
        for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
          for (const webhook of find(objects, kind).webhooks) expect(webhook.clientConfig, kind).not.to.have.property('caBundle');
        }
      });
    });

    context('when nodes are drained or the Deployment rolls out', () => {
      it('runs at least two replicas, spread over nodes', () => {
        expect(deployment.spec.replicas).to.be.at.least(2);
        expect(pod.spec.topologySpreadConstraints.map((c: K8sObject) => c.topologyKey)).to.include('kubernetes.io/hostname');
      });

      it('surges a new pod before taking an old one away', () => {
        expect(deployment.spec.strategy).to.deep.equal({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
      });

      it('keeps one pod through voluntary disruptions', () => {
        const budget = find(objects, 'PodDisruptionBudget');
        expect(budget.spec.minAvailable).to.equal(1);
        expect(budget.spec.selector.matchLabels).to.deep.equal(deployment.spec.selector.matchLabels);
      });

      it('probes /livez and /readyz over HTTPS on the admission port', () => {
        const probes = Object.fromEntries(['startupProbe', 'livenessProbe', 'readinessProbe'].map((p) => [p, container[p].httpGet]));
        expect(probes).to.deep.equal({
          startupProbe: { path: '/livez', port: 'https', scheme: 'HTTPS' },
          livenessProbe: { path: '/livez', port: 'https', scheme: 'HTTPS' },
          readinessProbe: { path: '/readyz', port: 'https', scheme: 'HTTPS' },
        });
      });

      it('gives the shutdown delay and the drain timeout time to finish before SIGKILL', () => {
        const seconds = (flag: string) => Number(container.args.find((a: string) => a.startsWith(`--${flag}=`))?.split('=')[1]);
        expect(pod.spec.terminationGracePeriodSeconds).to.be.at.least(seconds('shutdown-delay') + seconds('shutdown-timeout') + 5);
      });
    });

    context('when the pod runs', () => {
      it('serves with --kube and the certificate mounted read-only from skupper-webhook-tls', () => {
        expect(container.args).to.include.members(['serve', '--kube', `--tls-cert=${TLS_DIR}/tls.crt`, `--tls-key=${TLS_DIR}/tls.key`]);
        expect(container.volumeMounts).to.deep.include({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
        expect(pod.spec.volumes).to.deep.include({ name: 'tls', secret: { secretName: 'skupper-webhook-tls', defaultMode: 0o440 } });
      });

      it('gets no service links, whose SKUPPER_WEBHOOK_PORT would be read as its port', () => {
        expect(pod.spec.enableServiceLinks).to.equal(false);
      });

      it('runs as 65532, non-root, read-only, without privileges', () => {
        expect(pod.spec.securityContext).to.deep.include({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
        expect(container.securityContext).to.deep.include({
          runAsNonRoot: true,
          runAsUser: 65532,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
      });

      it('requests CPU and memory and caps memory', () => {
        expect(container.resources.requests).to.have.all.keys('cpu', 'memory');
        expect(container.resources.limits).to.have.property('memory');
      });

      it('exposes metrics on a port named metrics', () => {
        expect(container.ports).to.deep.include({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
      });
    });

    context('when it talks to the API server', () => {
      it('may only list and watch AttachedConnectors', () => {
        expect(find(objects, 'ClusterRole').rules).to.deep.equal([
          { apiGroups: ['skupper.io'], resources: ['attachedconnectors'], verbs: ['list', 'watch'] },
        ]);
        expect(objects.filter((o) => o.kind.includes('Role')).map(nameOf)).to.deep.equal([`ClusterRole ${NAME}`, `ClusterRoleBinding ${NAME}`]);
      });

      it('grants that role to its own ServiceAccount only, whose token only its pods mount', () => {
        const binding = find(objects, 'ClusterRoleBinding');
        expect(binding.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME });
        expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }]);
        expect(find(objects, 'ServiceAccount').automountServiceAccountToken).to.equal(false);
        expect(pod.spec).to.include({ serviceAccountName: NAME, automountServiceAccountToken: true });
      });
    });
  });

  describe('the cert-manager overlay', () => {
    let objects: K8sObject[];
    let serving: K8sObject;
    before(() => {
      objects = rendered['cert-manager overlay'];
      serving = find(objects, 'Certificate', 'skupper-webhook-serving');
    });

    it('has cert-manager inject the CA from the serving Certificate into both webhook configurations', () => {
      for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
        expect(find(objects, kind).metadata.annotations, kind).to.deep.equal({
          'cert-manager.io/inject-ca-from': `${NAMESPACE}/skupper-webhook-serving`,
        });
      }
    });

    it('changes nothing else in the base', () => {
      const withoutInjection = objects
        .filter((o) => o.apiVersion !== CERT_MANAGER)
        .map((o) => {
          const annotations = { ...o.metadata.annotations };
          delete annotations['cert-manager.io/inject-ca-from'];
          const { annotations: _ignored, ...metadata } = o.metadata;
          return { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
        });
      expect(withoutInjection).to.deep.equal(rendered.base);
    });

    it('issues the serving certificate into the Secret the pods mount, for the name the API server dials', () => {
      const volume = find(objects, 'Deployment').spec.template.spec.volumes.find((v: K8sObject) => v.name === 'tls');
      expect(serving.spec.secretName).to.equal(volume.secret.secretName);
      expect(serving.spec.dnsNames).to.include(`${NAME}.${NAMESPACE}.svc`);
    });

    it('chains a self-signed Issuer, a CA Certificate and a CA Issuer to the serving Certificate', () => {
      const caIssuer = find(objects, 'Issuer', serving.spec.issuerRef.name);
      const ca = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === caIssuer.spec.ca.secretName);
      expect(ca?.spec.isCA).to.equal(true);
      expect(find(objects, 'Issuer', ca!.spec.issuerRef.name).spec).to.deep.equal({ selfSigned: {} });
    });

    it('renews the serving certificate with a new key by two thirds of its life, long before the CA expires', () => {
      const ca = find(objects, 'Certificate', 'skupper-webhook-ca');
      expect(serving.spec.privateKey.rotationPolicy).to.equal('Always');
      expect(hours(serving.spec.renewBefore)).to.be.at.least(hours(serving.spec.duration) / 3);
      expect(hours(ca.spec.renewBefore)).to.be.greaterThan(hours(serving.spec.duration));
    });
  });
});
