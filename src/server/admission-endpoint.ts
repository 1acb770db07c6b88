/**
 * The transport for POST /validate and POST /mutate, on Node's request and
 * response objects directly: method, content type, body limit, decode, the
 * decision, encode. It sits in the HTTPS server's request handler ahead of
 * express, whose routing and request decoration would outweigh the decision
 * itself on this path; everything else goes to the express app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../core/error-message.js';
import { decodeReview, type DecodedReview } from '../admission/decode.js';
import { encodeReview, encodeStatus, STATUS_REASONS } from '../admission/encode.js';
import { isRequestError, RequestError } from '../admission/request-error.js';
import { errored } from '../admission/response.js';
import type { AdmissionResponse } from '../core/review.js';
import type { WebhookName, Webhooks } from '../admission/webhooks.js';
import type { AdmissionObserver } from './telemetry/admission-observer.js';
import { answerEarly } from './early-answer.js';
import { answeredEarly, answeredStatus } from './client-errors.js';
import type { KeepAlive } from './keep-alive.js';

/**
 * MAX_BODY_BYTES bounds an AdmissionReview body. The API server caps a
 * request near 3 MiB, and an UPDATE's review carries both the object and the
 * old object, so this follows controller-runtime's 7 MiB: nothing the API
 * server sends is refused, and nothing much larger is buffered.
 */
export const MAX_BODY_BYTES = 7 * 1024 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json' } as const;
const JSON_CLOSING_HEADERS = { 'content-type': 'application/json', connection: 'close' } as const;

/** CHARSET_PARAMETER finds a charset parameter, its value quoted or not. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * isJson reports whether a content type is JSON the endpoint can read: JSON
 * is UTF-8 (RFC 8259), so a charset parameter, if any, must say so.
 */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  // What the API server sends, checked before the general parse that would copy and lower-case it.
  if (contentType === 'application/json') return true;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType !== 'application/json') return false;
  const charset = CHARSET_PARAMETER.exec(contentType)?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** secondsSince is the time since start, a performance.now() reading: monotonic, and a plain number, where hrtime.bigint() allocates. */
function secondsSince(start: number): number {
  return (performance.now() - start) / 1e3;
}

/** AdmissionEndpoint answers the admission paths. */
export class AdmissionEndpoint {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly observer: AdmissionObserver,
    private readonly keepAlive: KeepAlive,
    private readonly maxBodyBytes = MAX_BODY_BYTES,
  ) {}

  /** headers are the answer's headers: the connection closes after it once the keep-alive has stopped (the shutdown's drain). */
  private get headers(): typeof JSON_HEADERS | typeof JSON_CLOSING_HEADERS {
    return this.keepAlive.enabled ? JSON_HEADERS : JSON_CLOSING_HEADERS;
  }

  /**
   * handle answers one request for webhook; it never throws, always ends res,
   * and calls the observer's finished exactly once. The body is read with
   * three plain listeners rather than through a promise, which would allocate
   * on every request.
   */
  handle(webhook: WebhookName, req: IncomingMessage, res: ServerResponse): void {
    const start = performance.now();
    this.observer.started(webhook);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return this.done(webhook, new RequestError(405, 'method_not_allowed', `method ${req.method ?? ''} is not allowed on /${webhook}: use POST`), req, res, start);
    }
    if (!isJson(req.headers['content-type'])) {
      const error = new RequestError(415, 'unsupported_media_type', `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported: use application/json (UTF-8)`);
      return this.done(webhook, error, req, res, start);
    }
    const limit = this.maxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      return this.done(webhook, new RequestError(413, 'body_too_large', `request body of ${declared} bytes is over the limit of ${limit} bytes`), req, res, start);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        settled = true;
        this.done(webhook, new RequestError(413, 'body_too_large', `request body is over the limit of ${limit} bytes`), req, res, start);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      this.done(webhook, body, req, res, start);
    });
    req.on('error', (e) => {
      if (settled) return;
      settled = true;
      // The server gave up on a body that did not arrive in time, or could not be parsed, and answered itself (client-errors.ts).
      const answered = answeredStatus(req.socket);
      const failure =
        answered === 408
          ? new RequestError(408, 'request_timeout', 'request body did not arrive in time', {}, { cause: e })
          : answered !== undefined
            ? new RequestError(answered, 'invalid_http', 'request body could not be parsed as HTTP/1.1', {}, { cause: e })
            : new RequestError(400, 'aborted', 'request body could not be read', {}, { cause: e });
      this.done(webhook, failure, req, res, start);
    });
  }

  /** done answers with the body's review, or with the failure, and ends the request for the observer. */
  private done(webhook: WebhookName, body: string | RequestError, req: IncomingMessage, res: ServerResponse, start: number): void {
    let decoded: DecodedReview | undefined;
    try {
      if (typeof body !== 'string') throw body;
      decoded = decodeReview(body);
      this.answer(webhook, decoded, res, start);
    } catch (e) {
      this.fail(webhook, e, decoded, req, res, start);
    } finally {
      this.observer.finished(webhook);
    }
  }

  private answer(webhook: WebhookName, decoded: DecodedReview, res: ServerResponse, start: number): void {
    let response: AdmissionResponse;
    let httpStatus = 200;
    let error: unknown;
    try {
      response = this.webhooks[webhook](decoded.request);
    } catch (e) {
      // A rule that throws is a bug of ours: answer 500 in the AdmissionReview
      // contract so that the API server applies its failurePolicy, and live on.
      error = e;
      httpStatus = 500;
      response = errored(decoded.request.uid, `internal error in the ${webhook} webhook: ${errorMessage(e)}`);
    }
    res.writeHead(httpStatus, this.headers).end(encodeReview(decoded.apiVersion, response));
    this.observer.reviewed({ webhook, request: decoded.request, response, httpStatus, durationSeconds: secondsSince(start), error });
  }

  private fail(webhook: WebhookName, e: unknown, decoded: DecodedReview | undefined, req: IncomingMessage, res: ServerResponse, start: number): void {
    const failure = isRequestError(e)
      ? e
      : new RequestError(500, 'invalid_request', `internal error: ${errorMessage(e)}`, decoded ? { uid: decoded.request.uid, apiVersion: decoded.apiVersion } : {}, { cause: e });
    const { uid, apiVersion } = failure.known;
    // Nothing to answer on a connection that is gone, or that the server already answered (a timeout).
    if (!res.headersSent && !res.writableEnded && req.socket.writable) {
      const reason = STATUS_REASONS[failure.statusCode] ?? 'BadRequest';
      const body =
        uid !== undefined && apiVersion !== undefined
          ? encodeReview(apiVersion, { uid, allowed: false, status: { status: 'Failure', code: failure.statusCode, reason, message: failure.message } })
          : encodeStatus(failure.statusCode, reason, failure.message);
      if (req.complete) res.writeHead(failure.statusCode, this.headers).end(body);
      else {
        // Answered before the body is all here (405, 413, 415): a later timeout of that body owes the client nothing.
        answeredEarly(req);
        answerEarly(req, res, failure.statusCode, body);
      }
    }
    this.observer.malformed({ webhook, reason: failure.reason, httpStatus: failure.statusCode, message: failure.message, uid, durationSeconds: secondsSince(start) });
  }
}
