/**
 * The transport for POST /validate and POST /mutate, on Node's request and
 * response objects directly: method, content type, body limit, decode, the
 * decision, encode. It sits in the HTTPS server's request handler ahead of
 * express because express's routing and request decoration cost about half the
 * throughput on this path (see README, Performance); everything else goes to
 * the express app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../cli/cli-error.js';
import { decodeReview, type DecodedReview } from '../admission/decode.js';
import { encodeReview, encodeStatus, STATUS_REASONS } from '../admission/encode.js';
import { isRequestError, RequestError } from '../admission/request-error.js';
import { errored } from '../admission/response.js';
import type { AdmissionResponse } from '../admission/review.js';
import type { WebhookName, Webhooks } from '../admission/webhooks.js';
import type { AdmissionObserver } from './admission-observer.js';

/**
 * MAX_BODY_BYTES bounds an AdmissionReview body. The API server caps a
 * request near 3 MiB, and an UPDATE's review carries both the object and the
 * old object, so this follows controller-runtime's 7 MiB: nothing the API
 * server sends is refused, and nothing much larger is buffered.
 */
export const MAX_BODY_BYTES = 7 * 1024 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === 'application/json';
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new RequestError(413, 'body_too_large', `request body of ${declared} bytes is over the limit of ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new RequestError(413, 'body_too_large', `request body is over the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', (e) => reject(new RequestError(400, 'aborted', 'request body could not be read', {}, { cause: e })));
  });
}

/** AdmissionEndpoint answers the admission paths. */
export class AdmissionEndpoint {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly observer: AdmissionObserver,
    private readonly maxBodyBytes = MAX_BODY_BYTES,
  ) {}

  /** handle answers one request for webhook; it never rejects and always ends res. */
  async handle(webhook: WebhookName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
    this.observer.started(webhook);
    let decoded: DecodedReview | undefined;
    try {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw new RequestError(405, 'method_not_allowed', `method ${req.method ?? ''} is not allowed on /${webhook}: use POST`);
      }
      if (!isJson(req.headers['content-type'])) {
        throw new RequestError(415, 'unsupported_media_type', `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported: use application/json`);
      }
      decoded = decodeReview(await readBody(req, this.maxBodyBytes));
      this.answer(webhook, decoded, res, elapsed);
    } catch (e) {
      this.fail(webhook, e, decoded, req, res, elapsed);
    } finally {
      this.observer.finished(webhook);
    }
  }

  private answer(webhook: WebhookName, decoded: DecodedReview, res: ServerResponse, elapsed: () => number): void {
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
    res.writeHead(httpStatus, JSON_HEADERS).end(encodeReview(decoded.apiVersion, response));
    this.observer.reviewed({ webhook, request: decoded.request, response, httpStatus, durationSeconds: elapsed(), error });
  }

  private fail(webhook: WebhookName, e: unknown, decoded: DecodedReview | undefined, req: IncomingMessage, res: ServerResponse, elapsed: () => number): void {
    const failure = isRequestError(e)
      ? e
      : new RequestError(500, 'invalid_request', `internal error: ${errorMessage(e)}`, decoded ? { uid: decoded.request.uid, apiVersion: decoded.apiVersion } : {}, { cause: e });
    const { uid, apiVersion } = failure.known;
    if (!res.headersSent && !res.writableEnded) {
      // The rest of an oversized body is never read: close rather than drain it.
      if (failure.statusCode === 413 && !req.complete) res.setHeader('connection', 'close');
      const reason = STATUS_REASONS[failure.statusCode] ?? 'BadRequest';
      const body =
        uid !== undefined && apiVersion !== undefined
          ? encodeReview(apiVersion, { uid, allowed: false, status: { status: 'Failure', code: failure.statusCode, reason, message: failure.message } })
          : encodeStatus(failure.statusCode, reason, failure.message);
      res.writeHead(failure.statusCode, JSON_HEADERS).end(body);
    }
    this.observer.malformed({ webhook, reason: failure.reason, httpStatus: failure.statusCode, message: failure.message, uid, durationSeconds: elapsed() });
  }
}
