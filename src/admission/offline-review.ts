/**
 * reviewOffline runs a request through what the API server would do with
 * both webhooks: mutate, apply the patch, then validate the patched object.
 * `check` uses it, so the CLI and the server can never disagree.
 */
import jsonPatch from 'fast-json-patch';
import type { AdmissionRequest, AdmissionResponse, JsonPatchOperation } from '../core/review.js';
import type { Webhooks } from './webhooks.js';

/** OfflineVerdict is the outcome of one request through both webhooks. */
export interface OfflineVerdict {
  /** object is the object as the API server would persist it (after the patch). */
  object: unknown;
  mutation: AdmissionResponse;
  validation: AdmissionResponse;
  /** patch is the decoded JSON Patch the mutating webhook returned ([] for none). */
  patch: JsonPatchOperation[];
}

/** decodePatch decodes a response's base64 JSON Patch. */
export function decodePatch(response: AdmissionResponse): JsonPatchOperation[] {
  if (!response.patch) return [];
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as JsonPatchOperation[];
}

/** reviewOffline mutates then validates request; request.object is not modified. */
export function reviewOffline(webhooks: Webhooks, request: AdmissionRequest): OfflineVerdict {
  const mutation = webhooks.mutate(request);
  const patch = mutation.allowed ? decodePatch(mutation) : [];
  const object = patch.length
    ? jsonPatch.applyPatch(structuredClone(request.object), patch as jsonPatch.Operation[], true, false).newDocument
    : request.object;
  const validation = mutation.allowed ? webhooks.validate({ ...request, object }) : mutation;
  return { object, mutation, validation, patch };
}
