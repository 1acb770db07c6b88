/**
 * admissionRequestFor builds the AdmissionRequest the API server would send
 * the webhooks for `kubectl apply` of a new object: a CREATE, as a dry run,
 * with the namespace filled into the object as the API server fills it before
 * admission (k8s.io/apiserver EnsureObjectNamespaceMatchesRequestNamespace).
 */
import { randomUUID } from 'node:crypto';
import { isPlainObject } from '../core/object.js';
import type { AdmissionRequest, GroupVersionKind, KubeObject } from '../core/review.js';

/** DEFAULT_NAMESPACE is where kubectl puts an object when neither the manifest nor the command names a namespace. */
export const DEFAULT_NAMESPACE = 'default';

/** documentNamespace is the object's own metadata.namespace, when it is a non-empty string. */
export function documentNamespace(object: KubeObject): string | undefined {
  const metadata = object['metadata'];
  if (!isPlainObject(metadata)) return undefined;
  const namespace = metadata['namespace'];
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/**
 * admissionRequestFor returns the request for object of kind; the
 * namespace is the document's, else fallbackNamespace. object is not
 * modified: the request carries a copy with the namespace filled in. A
 * metadata that is not a mapping is left as it is, for the schema to deny.
 */
export function admissionRequestFor(
  object: KubeObject,
  kind: GroupVersionKind,
  fallbackNamespace: string = DEFAULT_NAMESPACE,
): AdmissionRequest {
  const namespace = documentNamespace(object) ?? fallbackNamespace;
  const metadata = object['metadata'];
  let filled: KubeObject = object;
  if (metadata === undefined || metadata === null) {
    filled = { ...object, metadata: { namespace } };
  } else if (isPlainObject(metadata) && (metadata['namespace'] === undefined || metadata['namespace'] === null || metadata['namespace'] === '')) {
    filled = { ...object, metadata: { ...metadata, namespace } };
  }
  const name = isPlainObject(metadata) ? metadata['name'] : undefined;
  return {
    uid: randomUUID(),
    kind,
    operation: 'CREATE',
    // The API server leaves name out (omitempty) until it has one.
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
    namespace,
    object: filled,
    dryRun: true,
  };
}
