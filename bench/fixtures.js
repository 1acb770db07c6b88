/**
 * AdmissionReviews shaped like the ones the API server sends for
 * `kubectl apply -f listener.yaml`: the whole object with its managedFields
 * and the last-applied-configuration annotation, userInfo with extra, the
 * request and resource kinds, and the CreateOptions. The object is what makes
 * a review a few KiB rather than a few hundred bytes, and what JSON.parse
 * pays for on every request, so a benchmark without it flatters everyone.
 */

/** LISTENER_MANIFEST is what the user applied (the documentation's example Listener). */
const LISTENER_MANIFEST = {
  apiVersion: 'skupper.io/v2alpha1',
  kind: 'Listener',
  metadata: { name: 'backend', namespace: 'hello-world-west', labels: { app: 'backend', 'app.kubernetes.io/part-of': 'hello-world' } },
  spec: { routingKey: 'backend', host: 'backend', port: 8080 },
};

function managedFields(withType) {
  return [
    {
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      apiVersion: 'skupper.io/v2alpha1',
      time: '2025-06-02T09:41:07Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
          'f:labels': { '.': {}, 'f:app': {}, 'f:app.kubernetes.io/part-of': {} },
        },
        'f:spec': { '.': {}, 'f:host': {}, 'f:port': {}, 'f:routingKey': {}, ...(withType ? { 'f:type': {} } : {}) },
      },
    },
  ];
}

/** listenerObject is the stored form of the manifest: what request.object holds. */
function listenerObject(withType) {
  return {
    apiVersion: LISTENER_MANIFEST.apiVersion,
    kind: LISTENER_MANIFEST.kind,
    metadata: {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(LISTENER_MANIFEST)}\n` },
      creationTimestamp: '2025-06-02T09:41:07Z',
      generation: 1,
      labels: LISTENER_MANIFEST.metadata.labels,
      managedFields: managedFields(withType),
      name: 'backend',
      namespace: 'hello-world-west',
      uid: '0f6b2c1e-7d8a-4a4e-9d53-3b1f0a6c2e71',
    },
    spec: { ...LISTENER_MANIFEST.spec, ...(withType ? { type: 'tcp' } : {}) },
  };
}

const RESOURCE = { group: 'skupper.io', version: 'v2alpha1', resource: 'listeners' };
const KIND = { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' };

/** review wraps object in an admission.k8s.io/v1 AdmissionReview as the API server sends it. */
function review(uid, object) {
  return {
    kind: 'AdmissionReview',
    apiVersion: 'admission.k8s.io/v1',
    request: {
      uid,
      kind: KIND,
      resource: RESOURCE,
      requestKind: KIND,
      requestResource: RESOURCE,
      name: 'backend',
      namespace: 'hello-world-west',
      operation: 'CREATE',
      userInfo: {
        username: 'kubernetes-admin',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=5c1d0e9b7a3f2c4d8e6b1a0f9c7d5e3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d'] },
      },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
    },
  };
}

/** VALIDATE_UID and MUTATE_UID are the uids the answers must echo. */
export const VALIDATE_UID = '3c0e5b8e-6f1a-4d2b-9a7c-1e2f3a4b5c6d';
export const MUTATE_UID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/**
 * REQUESTS holds, per endpoint, the body sent and what a correct answer is:
 * /validate gets the Listener as the mutating webhook left it (type tcp) and
 * admits it with nothing to say; /mutate gets it without type and patches it.
 */
export const REQUESTS = {
  validate: { path: '/validate', uid: VALIDATE_UID, body: JSON.stringify(review(VALIDATE_UID, listenerObject(true))), patch: undefined },
  mutate: {
    path: '/mutate',
    uid: MUTATE_UID,
    body: JSON.stringify(review(MUTATE_UID, listenerObject(false))),
    patch: [{ op: 'add', path: '/spec/type', value: 'tcp' }],
  },
};

/** listenerDocument is one Listener manifest for `check`, named after i so that every document differs. */
export function listenerDocument(i) {
  return { ...LISTENER_MANIFEST, metadata: { ...LISTENER_MANIFEST.metadata, name: `backend-${i}` }, spec: { ...LISTENER_MANIFEST.spec, host: `backend-${i}` } };
}
