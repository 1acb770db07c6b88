/**
 * createWebhookServer builds the HTTPS server the API server calls. The two
 * admission paths are answered by AdmissionEndpoint straight from the request
 * handler; every other request goes to the express app, and a request Node
 * gives up on (a timeout, a parse error) is answered by client-errors.ts.
 * Creating the server never listens: the serve command (or a test) does.
 * The server carries its KeepAlive and its Connections, which the graceful
 * shutdown drains.
 */
import https from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Webhooks } from '../admission/webhooks.js';
import { AdmissionEndpoint, MAX_BODY_BYTES } from './admission-endpoint.js';
import { type AdmissionObserver, NOOP_OBSERVER } from './telemetry/admission-observer.js';
import { answerClientError, answeredEarly } from './client-errors.js';
import { Connections } from './connections.js';
import { KeepAlive } from './keep-alive.js';

/** MIN_TLS_VERSION refuses TLS 1.0 and 1.1, which the API server never uses and which are broken. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/*
 * Every stage of a connection has a deadline, each well inside the 5 s
 * timeoutSeconds of the webhook configurations (past it the API server has
 * given up, and a connection held longer only holds a file descriptor):
 * the TLS handshake, then the request's headers and the whole request, both
 * counted from the end of the previous request, or from the handshake for
 * the first (Node counts a new connection as a request begun).
 */

/**
 * HANDSHAKE_TIMEOUT_MS closes a connection whose TLS handshake has not
 * finished: Node's default (120 s) let 1,000 connections that never sent a
 * ClientHello hold 1,000 file descriptors, past the default `ulimit -n`.
 */
export const HANDSHAKE_TIMEOUT_MS = 3_000;

/**
 * HEADERS_TIMEOUT_MS closes a connection whose request headers have not all
 * arrived in time (slowloris); the API server sends them at once.
 */
export const HEADERS_TIMEOUT_MS = 3_000;

/**
 * REQUEST_TIMEOUT_MS bounds a whole request, body included, and the wait for
 * a new connection's first request: the API server sends at once, and gives
 * up at 5 s.
 */
export const REQUEST_TIMEOUT_MS = 3_500;

/**
 * KEEP_ALIVE_TIMEOUT_MS keeps idle connections open longer than the API
 * server's own 90 s idle timeout, so that the client always closes first and
 * never sends a review into a connection the server is closing.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 95_000;

/**
 * CONNECTIONS_CHECK_INTERVAL_MS is how often Node enforces the header and
 * request timeouts (its default of 30 s is too coarse): a request is cut
 * at most this long after REQUEST_TIMEOUT_MS, still inside 5 s.
 */
export const CONNECTIONS_CHECK_INTERVAL_MS = 500;

/** ServingPair is a certificate chain and its private key, PEM encoded. */
export interface ServingPair {
  cert: Buffer | string;
  key: Buffer | string;
}

/** WebhookServerOptions configure createWebhookServer. */
export interface WebhookServerOptions {
  webhooks: Webhooks;
  pair: ServingPair;
  /** app answers everything but the admission paths (an express app). */
  app: RequestListener;
  observer?: AdmissionObserver;
  maxBodyBytes?: number;
  handshakeTimeoutMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

/** WebhookServer is the HTTPS server with the KeepAlive its responses follow and its open Connections. */
export type WebhookServer = https.Server & { readonly keepAlive: KeepAlive; readonly connections: Connections };

/** createWebhookServer returns the HTTPS server, not yet listening. */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const keepAlive = new KeepAlive();
  const endpoint = new AdmissionEndpoint(options.webhooks, options.observer ?? NOOP_OBSERVER, keepAlive, options.maxBodyBytes ?? MAX_BODY_BYTES);
  const timeouts = { headersTimeoutMs: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS };
  const server = https.createServer({
    cert: options.pair.cert,
    key: options.pair.key,
    minVersion: MIN_TLS_VERSION,
    handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: CONNECTIONS_CHECK_INTERVAL_MS,
  });
  const connections = new Connections(server);
  server.on('request', (req: IncomingMessage, res: ServerResponse): void => {
    connections.responding(req, res);
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path === '/validate') endpoint.handle('validate', req, res);
    else if (path === '/mutate') endpoint.handle('mutate', req, res);
    else {
      if (!keepAlive.enabled) res.setHeader('connection', 'close');
      // An answer that comes before the body (a 404 to a POST) is all the client is owed (client-errors.ts).
      res.once('finish', () => answeredEarly(req));
      options.app(req, res);
    }
  });
  // A timed-out or unparseable request gets a metav1.Status body, not Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket, timeouts, connections));
  return Object.assign(server, { keepAlive, connections });
}

/**
 * useServingPair swaps the certificate for new connections; connections
 * already open keep theirs, so a rotation never drops a request.
 */
export function useServingPair(server: https.Server, pair: ServingPair): void {
  server.setSecureContext({ cert: pair.cert, key: pair.key, minVersion: MIN_TLS_VERSION });
}
