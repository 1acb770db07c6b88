/**
 * checkDocuments runs each document through what the API server would do on
 * `kubectl apply`: the request it would send, the server's own mutate-then-
 * validate pipeline (reviewOffline, the very code `serve` runs) and, between
 * the two, the API server's own metadata checks (name, labels, annotations).
 * The outcome says, per document, what the cluster would answer and what it
 * would store.
 */
import { isPlainObject } from '../core/object.js';
import { type OfflineVerdict, reviewOffline } from '../admission/offline-review.js';
import { errored } from '../admission/response.js';
import type { AdmissionRequest, AdmissionResponse, JsonPatchOperation, KubeObject } from '../core/review.js';
import type { Webhooks } from '../admission/webhooks.js';
import { errorMessage } from '../core/error-message.js';
import { rulesFor } from '../resources/registry.js';
import { pruneNulls } from '../validation/prune-nulls.js';
import { admissionRequestFor, DEFAULT_NAMESPACE, documentNamespace } from './admission-request.js';
import { apiServerRejection } from './api-server-checks.js';
import { decodeObjectMeta } from './object-meta-fields.js';
import { classifyDocument } from './classify-document.js';
import type { InputError } from './read/input-error.js';
import { type ManifestDocument, parseDocuments } from './read/parse-documents.js';
import type { InputSource } from './read/read-inputs.js';

/** CheckOptions are the choices of one `check` run. */
export interface CheckOptions {
  /** namespace is for documents that name none (kubectl's --namespace). */
  namespace: string;
}

/** DEFAULT_CHECK_OPTIONS are kubectl's defaults. */
export const DEFAULT_CHECK_OPTIONS: CheckOptions = { namespace: DEFAULT_NAMESPACE };

/** Subject names an object as findings show it: Kind/namespace/name. */
export interface Subject {
  kind: string;
  namespace: string;
  name: string;
}

/** DocumentOutcome is what became of one document. */
export type DocumentOutcome =
  /** empty: a document with nothing in it, ignored as kubectl ignores it. */
  | { position: string; status: 'empty' }
  /** refused: not a Kubernetes object; kubectl apply would refuse the file. */
  | { position: string; status: 'refused'; message: string }
  /** skipped: not guarded by the webhook; passed through untouched. */
  | { position: string; status: 'skipped'; object: KubeObject; subject: Subject; note?: string }
  /** list: a List, whose items have outcomes of their own. */
  | { position: string; status: 'list'; object: KubeObject; items: DocumentOutcome[] }
  /** admitted or denied: reviewed as the cluster would review it. */
  | ({ position: string; status: 'admitted' | 'denied' } & Review);

/** Review is one guarded document's trip through admission. */
export interface Review {
  subject: Subject;
  request: AdmissionRequest;
  /** object is the object after mutation, as the cluster would store it. */
  object: unknown;
  /** patch is the mutating webhook's JSON Patch ([] for none). */
  patch: JsonPatchOperation[];
  /** response is the deciding answer: the API server's own denial, else the validating webhook's. */
  response: AdmissionResponse;
  /** warnings are every admission warning, in the order kubectl would print them. */
  warnings: string[];
}

/** FileResult is one input's outcome: its documents, or why it could not be read. */
export interface FileResult {
  file: string;
  /** errors are why the input could not be read or parsed; its documents are then empty. */
  errors: InputError[];
  documents: DocumentOutcome[];
}

/**
 * checkSource parses and checks one input: parse, review, no I/O.
 */
export function checkSource(webhooks: Webhooks, source: InputSource, options: CheckOptions = DEFAULT_CHECK_OPTIONS): FileResult {
  const parsed = parseDocuments(source.name, source.text);
  return { file: source.name, errors: parsed.errors, documents: checkDocuments(webhooks, parsed.documents, options) };
}

/** checkDocuments checks documents in order; it never throws for what a document holds. */
export function checkDocuments(
  webhooks: Webhooks,
  documents: readonly ManifestDocument[],
  options: CheckOptions = DEFAULT_CHECK_OPTIONS,
): DocumentOutcome[] {
  return documents.map((document) => checkDocument(webhooks, document, options));
}

function checkDocument(webhooks: Webhooks, document: ManifestDocument, options: CheckOptions): DocumentOutcome {
  const { position } = document;
  if (document.items) {
    return { position, status: 'list', object: document.value as KubeObject, items: checkDocuments(webhooks, document.items, options) };
  }
  const classification = classifyDocument(document.value);
  switch (classification.action) {
    case 'ignore':
      return { position, status: 'empty' };
    case 'refuse':
      return { position, status: 'refused', message: classification.message };
    case 'skip': {
      const { object, kind, note } = classification;
      const namespace = documentNamespace(object) ?? options.namespace;
      const subject = { kind: kind.kind, namespace, name: displayName(object) };
      return note === undefined ? { position, status: 'skipped', object, subject } : { position, status: 'skipped', object, subject, note };
    }
    case 'review': {
      const { object, kind } = classification;
      // As it decodes, before any webhook, the API server drops unknown metadata fields (with a
      // warning) and prunes nulls from the fields the CRD declares.
      const meta = decodeObjectMeta(object);
      const schema = rulesFor(kind.group, kind.kind)?.schema;
      const decoded = schema === undefined ? meta.object : (pruneNulls(schema, meta.object) as KubeObject);
      const review = reviewDocument(webhooks, admissionRequestFor(decoded, kind, options.namespace));
      review.warnings.unshift(...meta.warnings);
      return { position, status: review.response.allowed ? 'admitted' : 'denied', ...review };
    }
  }
}

/**
 * reviewDocument is the API server's order: mutating webhooks, its own
 * metadata checks, then validating webhooks on the mutated object. When the
 * API server refuses the object itself, the validating webhooks never see it,
 * and only the mutating webhooks' warnings reach the user. It never throws.
 */
export function reviewDocument(webhooks: Webhooks, request: AdmissionRequest): Review {
  let verdict: OfflineVerdict;
  try {
    verdict = reviewOffline(webhooks, request);
  } catch (e) {
    // The server answers a rule that throws with a 500 review, and the API
    // server, with failurePolicy Fail, denies; one such document never stops the run.
    const failure = errored(request.uid, `internal error in the webhooks: ${errorMessage(e)}`);
    verdict = { object: request.object, mutation: failure, validation: failure, patch: [] };
  }
  const rejection = verdict.mutation.allowed ? apiServerRejection(request, verdict.object) : undefined;
  const response = rejection ?? verdict.validation;
  const warnings = [...(verdict.mutation.warnings ?? [])];
  if (response !== verdict.mutation) warnings.push(...(response.warnings ?? []));
  const object = verdict.object;
  return {
    subject: { kind: request.kind.kind, namespace: request.namespace ?? DEFAULT_NAMESPACE, name: displayName(object) },
    request,
    object,
    patch: verdict.patch,
    response,
    warnings,
  };
}

/** NO_NAME stands for the name of an object that has neither name nor generateName. */
const NO_NAME = '<no name>';

/** displayName is the object's name, "prefix-*" for a name still to be generated, or NO_NAME. */
function displayName(object: unknown): string {
  const metadata = isPlainObject(object) ? object['metadata'] : undefined;
  if (!isPlainObject(metadata)) return NO_NAME;
  const { name, generateName } = metadata;
  if (typeof name === 'string' && name !== '') return name;
  if (typeof generateName === 'string' && generateName !== '') return `${generateName}*`;
  return NO_NAME;
}
