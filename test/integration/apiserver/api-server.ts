/**
 * A stand-in for the Kubernetes API server, just enough of it for kubectl
 * create and apply of Skupper objects: discovery, GET, POST and merge PATCH of
 * the kinds in test/fixtures/crds, through the real webhooks over HTTPS, with
 * the API server's answers (Status objects, Warning headers, dryRun=All). It
 * listens on 127.0.0.1, port 0, with a certificate from the suite's CA, so
 * kubectl verifies it as it would verify a cluster. Test support only.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdmissionChain } from './admission-chain.js';
import { loadServedKinds, type ServedKind } from './crds.js';
import { Discovery } from './discovery.js';
import { ObjectStore } from './object-store.js';
import { SchemaValidator } from './schema-validation.js';
import { StatusError, badRequestError, internalError, methodNotAllowedError, pathNotFoundError, unsupportedMediaTypeError } from './status.js';
import { WarningRecorder } from './warnings.js';
import { WebhookClient } from './webhook-client.js';
import { loadWebhookConfigurations } from './webhook-configurations.js';
import { type WriteOptions, Writes } from './writes.js';

/** MAX_REQUEST_BYTES is the API server's limit on a request body (3 MiB). */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** ApiServerOptions say where the webhook server listens and which certificate to serve. */
export interface ApiServerOptions {
  webhookPort: number;
  ca: string;
  cert: string;
  key: string;
}

/** ApiServer is a listening stand-in. */
export interface ApiServer {
  /** url is https://127.0.0.1:<port>, for a kubeconfig. */
  url: string;
  store: ObjectStore;
  close(): Promise<void>;
}

/** startApiServer loads the CRDs and the webhook configurations and starts listening. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const kinds = loadServedKinds();
  const store = new ObjectStore();
  const client = new WebhookClient(options.webhookPort, options.ca);
  const schemas = new Map(kinds.map((k) => [k, new SchemaValidator(k.schema)]));
  const writes = new Writes(new AdmissionChain(loadWebhookConfigurations(), client, schemas), store);
  const app = createApp(new Discovery(kinds), kinds, writes, store);
  const server = https.createServer({ cert: options.cert, key: options.key }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    close: async () => {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function createApp(discovery: Discovery, kinds: readonly ServedKind[], writes: Writes, store: ObjectStore): express.Express {
  const app = express();
  app.use(express.raw({ type: () => true, limit: MAX_REQUEST_BYTES }));
  app.use((_req, res, next) => {
    res.locals['warnings'] = new WarningRecorder();
    next();
  });

  const item = '/apis/:group/:version/namespaces/:namespace/:plural/:name';
  const collection = '/apis/:group/:version/namespaces/:namespace/:plural';
  app.get(item, (req, res) => {
    reply(res, 200, store.get(target(req, kinds), String(req.params['namespace']), String(req.params['name'])));
  });
  app.post(collection, async (req, res) => {
    reply(res, 201, await writes.create(jsonBody(req), writeOptions(req, res, kinds)));
  });
  app.patch(item, async (req, res) => {
    if (req.get('content-type')?.split(';')[0] !== 'application/merge-patch+json') throw unsupportedMediaTypeError();
    reply(res, 200, await writes.patch(String(req.params['name']), jsonBody(req), writeOptions(req, res, kinds)));
  });
  app.all([item, collection], (req) => {
    throw methodNotAllowedError(req.method);
  });
  app.get(/.*/, (req, res) => {
    const document = discovery.document(req.path);
    if (document === undefined) throw pathNotFoundError();
    reply(res, 200, document);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = error instanceof StatusError ? error.status : internalError(error instanceof Error ? error.message : String(error)).status;
    reply(res, status.code, status);
  });
  return app;
}

/** target is the served kind a resource URL names. */
function target(req: Request, kinds: readonly ServedKind[]): ServedKind {
  const { group, version, plural } = req.params;
  const kind = kinds.find((k) => k.group === group && k.version === version && k.plural === plural);
  if (!kind) throw pathNotFoundError();
  return kind;
}

function writeOptions(req: Request, res: Response, kinds: readonly ServedKind[]): WriteOptions {
  const query = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
  const dryRun = query('dryRun');
  if (dryRun !== undefined && dryRun !== 'All') throw badRequestError(`Invalid dry run value: ${dryRun}`);
  return {
    kind: target(req, kinds),
    namespace: String(req.params['namespace']),
    dryRun: dryRun === 'All',
    fieldValidation: query('fieldValidation') ?? 'Warn',
    fieldManager: query('fieldManager') ?? 'unknown',
    warnings: res.locals['warnings'] as WarningRecorder,
  };
}

function jsonBody(req: Request): unknown {
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequestError(`the body of the request is not JSON: ${(e as Error).message}`);
  }
}

function reply(res: Response, code: number, body: unknown): void {
  (res.locals['warnings'] as WarningRecorder | undefined)?.writeHeaders(res);
  res.status(code).type('application/json').send(JSON.stringify(body));
}
