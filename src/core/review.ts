/**
 * The AdmissionReview wire types of admission.k8s.io v1 and v1beta1, as far as
 * this webhook reads and writes them. Both versions share one shape for the
 * fields used here; see
 * https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request
 */

/** ADMISSION_API_VERSIONS are the AdmissionReview versions the webhook answers, in its order of preference. */
export const ADMISSION_API_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;

/** AdmissionApiVersion is one of ADMISSION_API_VERSIONS. */
export type AdmissionApiVersion = (typeof ADMISSION_API_VERSIONS)[number];

/** Operation is the admission operation the API server reports. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** GroupVersionKind names a kind as the API server does in a request. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** KubeObject is a decoded object: anything may be in it, so every field is checked before use. */
export type KubeObject = Record<string, unknown>;

/**
 * AdmissionRequest is the part of an AdmissionReview that the decision reads.
 * decode() guarantees uid, kind and operation have the types given here; the
 * object itself is untrusted JSON.
 */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  operation: string;
  name?: string;
  namespace?: string;
  /** subResource is set on a write to a subresource (status): the object's spec cannot change through it. */
  subResource?: string;
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

/** StatusCause is metav1.StatusCause: one field's failure (reason and field are optional there, and absent from a "more not shown" cause). */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/** Status is the subset of metav1.Status an AdmissionResponse carries. */
export interface Status {
  status?: 'Success' | 'Failure';
  code?: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
  };
}

/** AdmissionResponse is the decision the webhook returns for one request. */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: Status;
  patch?: string;
  patchType?: 'JSONPatch';
  warnings?: string[];
}

/** AdmissionReview is the envelope both ways. */
export interface AdmissionReview {
  apiVersion: AdmissionApiVersion;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/** JsonPatchOperation is one RFC 6902 operation, as this webhook emits them. */
export interface JsonPatchOperation {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}
