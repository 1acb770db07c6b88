/**
 * The stand-in's calls to the webhook server: an admission.k8s.io/v1
 * AdmissionReview POSTed over HTTPS to the server the suite started, trusted
 * through the CA that signed its certificate (as a caBundle would be), and the
 * AdmissionResponse read back. The webhook configurations say failurePolicy
 * Fail, so a call that fails, or an answer that is not a review, is an error,
 * never an admission.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { ServedKind } from './crds.js';
import type { WebhookStatus } from './status.js';

/** WEBHOOK_TIMEOUT_MS is the webhook configurations' timeoutSeconds (5). */
const WEBHOOK_TIMEOUT_MS = 5_000;

/** AdmissionCall is what the API server knows about a write when it asks a webhook. */
export interface AdmissionCall {
  kind: ServedKind;
  operation: 'CREATE' | 'UPDATE';
  namespace: string;
  name: string;
  object: unknown;
  oldObject: unknown;
  dryRun: boolean;
  fieldManager: string;
}

/** WebhookAnswer is the part of an AdmissionResponse the API server acts on. */
export interface WebhookAnswer {
  allowed: boolean;
  status?: WebhookStatus;
  patch?: string;
  patchType?: string;
  warnings?: string[];
}

/** WebhookClient posts reviews to one webhook server. */
export class WebhookClient {
  private readonly agent: https.Agent;

  constructor(
    private readonly port: number,
    ca: string,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  /** review sends call to path and returns the webhook's answer; it rejects when there is none. */
  async review(path: string, call: AdmissionCall): Promise<WebhookAnswer> {
    const uid = randomUUID();
    const text = await this.post(path, JSON.stringify(admissionReview(uid, call)));
    const review = JSON.parse(text) as { response?: WebhookAnswer & { uid?: string } };
    if (review.response?.uid !== uid) throw new Error(`expected response.uid ${uid}, got ${String(review.response?.uid)}`);
    return review.response;
  }

  /** close drops the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private post(path: string, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const options = { host: '127.0.0.1', servername: 'localhost', port: this.port, path, method: 'POST', agent: this.agent, timeout: WEBHOOK_TIMEOUT_MS };
      const request = https.request({ ...options, headers: { 'content-type': 'application/json', accept: 'application/json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 200) resolve(text);
          else reject(new Error(`the webhook answered ${response.statusCode}: ${text}`));
        });
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}

function admissionReview(uid: string, call: AdmissionCall): unknown {
  const { kind } = call;
  const gvk = { group: kind.group, version: kind.version, kind: kind.kind };
  const gvr = { group: kind.group, version: kind.version, resource: kind.plural };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: gvk,
      resource: gvr,
      requestKind: gvk,
      requestResource: gvr,
      name: call.name,
      namespace: call.namespace,
      operation: call.operation,
      userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
      object: call.object,
      oldObject: call.oldObject,
      dryRun: call.dryRun,
      options: {
        kind: call.operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions',
        apiVersion: 'meta.k8s.io/v1',
        fieldManager: call.fieldManager,
      },
    },
  };
}
