/**
 * Helpers to read the untrusted object of a request without trusting its shape.
 */
import type { AdmissionRequest, KubeObject } from './review.js';

/** isPlainObject reports whether value is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metadataString(object: KubeObject, key: string): string | undefined {
  const metadata = object['metadata'];
  if (!isPlainObject(metadata)) return undefined;
  const value = metadata[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** objectNamespace is the object's namespace: its metadata's, else the request's. */
export function objectNamespace(object: KubeObject, request: AdmissionRequest): string | undefined {
  return metadataString(object, 'namespace') ?? (request.namespace || undefined);
}

/** objectName is the object's name: its metadata's, else the request's, else "". */
export function objectName(object: KubeObject, request: AdmissionRequest): string {
  return metadataString(object, 'name') ?? request.name ?? '';
}
