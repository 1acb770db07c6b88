/**
 * The kustomize base, rendered as `kubectl apply -k manifests` renders it, and
 * checked for the choices that keep a failurePolicy: Fail webhook safe to run:
 * how the API server reaches it, how it survives drains and rollouts, how its
 * pod runs, and what it may do in the API. The reasons for those choices are
 * in the manifests' comments.
 */
import { expect } from 'chai';
import { WATCHED } from '../../src/kube/cluster-cache.js';
import { GUARDED_KINDS } from '../../src/resources/registry.js';
import {
  CONNECTIONS_CHECK_INTERVAL_MS,
  HANDSHAKE_TIMEOUT_MS,
  HEADERS_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
} from '../../src/server/webhook-server.js';
import { find, type K8sObject, kustomize, NAME, NAMESPACE, nameOf, RENDERINGS } from './rendered-manifests.js';

/** GUARDED_RESOURCES are the CRDs' plural names of every kind the webhook guards, in the configurations' order. */
const GUARDED_RESOURCES = GUARDED_KINDS.map((rules) => rules.resource).sort();
/** DEFAULTED_RESOURCES are those of the kinds /mutate fills in. */
const DEFAULTED_RESOURCES = GUARDED_KINDS.filter((rules) => rules.defaults).map((rules) => rules.resource).sort();

const TLS_DIR = '/etc/skupper-webhook/tls';

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
  describe('the base', () => {
    let objects: K8sObject[];
    let deployment: K8sObject;
    let pod: K8sObject;
    let container: K8sObject;
    before(async () => {
      objects = await kustomize(RENDERINGS.base);
      deployment = find(objects, 'Deployment');
      pod = deployment.spec.template;
      container = pod.spec.containers[0];
    });

    context('when the API server calls the webhooks', () => {
      it('validates every guarded kind on CREATE and UPDATE, outside kube-system and its own namespace', () => {
        expect(GUARDED_RESOURCES).to.deep.equal(['attachedconnectorbindings', 'attachedconnectors', 'connectors', 'listeners', 'multikeylisteners']);
        expect(find(objects, 'ValidatingWebhookConfiguration').webhooks).to.deep.equal(GUARDED_RESOURCES.map((resource) => webhookEntry(resource, '/validate')));
      });

      it('defaults every kind that has defaults, and is called again if a later webhook changes them', () => {
        expect(DEFAULTED_RESOURCES).to.deep.equal(['attachedconnectors', 'connectors', 'listeners']);
        expect(find(objects, 'MutatingWebhookConfiguration').webhooks).to.deep.equal(
          DEFAULTED_RESOURCES.map((resource) => webhookEntry(resource, '/mutate', { reinvocationPolicy: 'IfNeeded' })),
        );
      });

      it('reaches the pods through Service port 443, which targets container port 8443', () => {
        const service = find(objects, 'Service');
        const https = service.spec.ports.find((p: K8sObject) => p.port === 443);
        const target = container.ports.find((p: K8sObject) => p.name === https.targetPort || p.containerPort === https.targetPort);
        expect(target).to.deep.include({ name: 'https', containerPort: 8443 });
        expect(service.spec.selector).to.deep.equal(deployment.spec.selector.matchLabels);
      });

      it("gives up on a connection at every stage (handshake, headers, whole request) before the API server's timeoutSeconds", () => {
        const timeouts = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'].flatMap((kind) => find(objects, kind).webhooks.map((w: K8sObject) => w.timeoutSeconds * 1000));
        const deadlines = {
          HANDSHAKE_TIMEOUT_MS,
                  // Node checks the header and request timeouts every CONNECTIONS_CHECK_INTERVAL_MS, so one may pass by that much.
          HEADERS_TIMEOUT_MS: HEADERS_TIMEOUT_MS + CONNECTIONS_CHECK_INTERVAL_MS,
          REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS + CONNECTIONS_CHECK_INTERVAL_MS,
        };
        for (const [name, ms] of Object.entries(deadlines)) expect(ms, name).to.be.below(Math.min(...timeouts));
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

      it('sets the Service name rule where a patch can change it, to the default every cluster accepts', () => {
        expect(container.env).to.deep.include({ name: 'SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION', value: 'strict' });
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
      it('may only list and watch what the cluster cache watches', () => {
        expect(find(objects, 'ClusterRole').rules).to.deep.equal([
          { apiGroups: ['skupper.io'], resources: ['attachedconnectors', 'listeners', 'multikeylisteners'], verbs: ['list', 'watch'] },
          { apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] },
        ]);
        const granted = (find(objects, 'ClusterRole').rules as K8sObject[]).flatMap((rule) => rule.resources.map((resource: string) => `${rule.apiGroups[0]}/${resource}`));
        expect(Object.values(WATCHED).map((watched) => watched.path.replace(/^\/apis?\/(?:(.*)\/)?v[^/]+\/(.*)$/, '$1/$2')).sort()).to.deep.equal(granted.sort());
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
});
