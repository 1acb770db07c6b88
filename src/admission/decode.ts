/**
 * decodeReview reads an AdmissionReview from a request body and checks every
 * field the decision relies on, so that nothing past here meets a wrong type
 * in the envelope. The object inside stays untrusted; the rules check it.
 */
import { formatFieldError, required } from '../validation/field-error.js';
import { quotedJson } from '../validation/shorten.js';
import { checkBodyLimits } from './body-limits.js';
import { isPlainObject } from '../core/object.js';
import { RequestError } from './request-error.js';
import { ADMISSION_API_VERSIONS, type AdmissionApiVersion, type AdmissionRequest } from '../core/review.js';

/**
 * MAX_UID_CHARS bounds request.uid, which every answer echoes: the API server
 * sends a UUID (36 characters), so a longer uid is a client's own and not
 * worth echoing megabytes of.
 */
export const MAX_UID_CHARS = 256;

/** DecodedReview is a request with the version to answer in. */
export interface DecodedReview {
  apiVersion: AdmissionApiVersion;
  request: AdmissionRequest;
}

function parse(body: string): unknown {
  checkBodyLimits(body);
  try {
    return JSON.parse(body);
  } catch (e) {
    // V8 throws RangeError when nesting exhausts the stack; that is the client's doing, not ours.
    if (e instanceof RangeError) throw new RequestError(400, 'too_deeply_nested', 'request body is nested too deeply', {}, { cause: e });
    // V8's message quotes a slice of the body; the body may hold Secret data, so it stays out of answers and logs.
    throw new RequestError(400, 'invalid_json', 'request body is not valid JSON', {}, { cause: e });
  }
}

function isApiVersion(value: unknown): value is AdmissionApiVersion {
  return (ADMISSION_API_VERSIONS as readonly unknown[]).includes(value);
}

function optionalString(request: Record<string, unknown>, key: string, known: { uid: string; apiVersion: AdmissionApiVersion }): void {
  const value = request[key];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new RequestError(400, 'invalid_request', `request.${key} must be a string`, known);
  }
}

/** decodeReview parses body and returns the request, or throws a RequestError saying what is wrong. */
export function decodeReview(body: string): DecodedReview {
  const review = parse(body);
  if (!isPlainObject(review)) {
    throw new RequestError(400, 'not_admission_review', 'request body must be an AdmissionReview object');
  }
  const { apiVersion } = review;
  if (!isApiVersion(apiVersion)) {
    throw new RequestError(
      400,
      'unsupported_version',
      `unsupported AdmissionReview apiVersion ${quotedJson(apiVersion ?? null)}: expected one of ${ADMISSION_API_VERSIONS.join(', ')}`,
    );
  }
  if (review['kind'] !== 'AdmissionReview') {
    throw new RequestError(400, 'not_admission_review', `kind must be "AdmissionReview", not ${quotedJson(review['kind'] ?? null)}`, { apiVersion });
  }
  const request = review['request'];
  if (!isPlainObject(request)) {
    throw new RequestError(400, 'missing_request', formatFieldError(required('request', 'the AdmissionReview carries no request')), { apiVersion });
  }
  const uid = request['uid'];
  if (uid === undefined || uid === null || uid === '') {
    throw new RequestError(400, 'missing_uid', formatFieldError(required('request.uid')), { apiVersion });
  }
  if (typeof uid !== 'string') {
    // A uid that is not a string cannot be echoed: the answer is a Status, as for a missing one.
    throw new RequestError(400, 'invalid_request', 'request.uid must be a string', { apiVersion });
  }
  if (uid.length > MAX_UID_CHARS) {
    throw new RequestError(400, 'invalid_request', `request.uid must be at most ${MAX_UID_CHARS} characters`, { apiVersion });
  }
  const known = { uid, apiVersion };
  const kind = request['kind'];
  if (!isPlainObject(kind) || typeof kind['kind'] !== 'string' || typeof (kind['group'] ?? '') !== 'string' || typeof (kind['version'] ?? '') !== 'string') {
    throw new RequestError(400, 'invalid_request', 'request.kind must be an object with string group, version and kind', known);
  }
  if (typeof request['operation'] !== 'string') {
    throw new RequestError(400, 'invalid_request', formatFieldError(required('request.operation')), known);
  }
  optionalString(request, 'name', known);
  optionalString(request, 'namespace', known);
  optionalString(request, 'subResource', known);
  const dryRun = request['dryRun'];
  if (dryRun !== undefined && dryRun !== null && typeof dryRun !== 'boolean') {
    throw new RequestError(400, 'invalid_request', 'request.dryRun must be a boolean', known);
  }
  return {
    apiVersion,
    request: {
      uid,
      kind: { group: (kind['group'] as string | undefined) ?? '', version: (kind['version'] as string | undefined) ?? '', kind: kind['kind'] },
      operation: request['operation'],
      name: (request['name'] as string | null | undefined) ?? undefined,
      namespace: (request['namespace'] as string | null | undefined) ?? undefined,
      subResource: (request['subResource'] as string | null | undefined) || undefined,
      object: request['object'],
      oldObject: request['oldObject'],
      dryRun: dryRun === true,
    },
  };
}
