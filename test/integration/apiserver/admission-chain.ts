/**
 * The admission chain of a write, in the API server's order
 * (https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/):
 * the mutating webhooks, one after another, each seeing the last one's patch;
 * then the fields the API server owns (object-store.ts) and the CRD's
 * structural schema and CEL rules; then the validating webhooks. Warnings of every webhook
 * are kept, a denial stops the chain, wrapped as the API server wraps it.
 * Reinvocation (reinvocationPolicy IfNeeded) is not modelled: it only happens
 * when a later mutating webhook changes the object, and these manifests
 * register one.
 */
import jsonPatch from 'fast-json-patch';
import type { ServedKind } from './crds.js';
import type { KubeObject } from './object-store.js';
import type { SchemaValidator } from './schema-validation.js';
import { invalidError, webhookDenialError } from './status.js';
import type { WarningRecorder } from './warnings.js';
import type { AdmissionCall, WebhookAnswer, WebhookClient } from './webhook-client.js';
import type { RegisteredWebhook, WebhookConfigurations } from './webhook-configurations.js';

/** Write is one create or update on its way to storage. */
export interface Write {
  kind: ServedKind;
  operation: 'CREATE' | 'UPDATE';
  namespace: string;
  name: string;
  object: KubeObject;
  oldObject: KubeObject | null;
  dryRun: boolean;
  fieldManager: string;
  warnings: WarningRecorder;
  /** prepare sets the fields the API server owns, after mutation and before validation. */
  prepare(object: KubeObject): void;
}

/** AdmissionChain runs writes through the webhooks and the schema. */
export class AdmissionChain {
  constructor(
    private readonly webhooks: WebhookConfigurations,
    private readonly client: WebhookClient,
    private readonly schemas: ReadonlyMap<ServedKind, SchemaValidator>,
  ) {}

  /** admit returns the object to store; it throws a StatusError for a denial or an invalid object. */
  async admit(write: Write): Promise<KubeObject> {
    let object = write.object;
    for (const webhook of this.matching(this.webhooks.mutating, write)) {
      const answer = await this.call(webhook, write, object);
      if (answer.patch) object = applyPatch(webhook, object, answer);
    }
    write.prepare(object);
    const errors = this.schemas.get(write.kind)!.fieldErrors(object, write.oldObject);
    if (errors.length > 0) throw invalidError({ group: write.kind.group, kind: write.kind.kind, name: write.name }, errors);
    // The API server calls validating webhooks in parallel and reports a denial of any of them.
    await Promise.all(this.matching(this.webhooks.validating, write).map((webhook) => this.call(webhook, write, object)));
    return object;
  }

  private matching(webhooks: RegisteredWebhook[], write: Write): RegisteredWebhook[] {
    return webhooks.filter((w) => w.matches(write.kind, write.operation, write.namespace));
  }

  private async call(webhook: RegisteredWebhook, write: Write, object: KubeObject): Promise<WebhookAnswer> {
    const call: AdmissionCall = { ...write, object, oldObject: write.oldObject };
    let answer: WebhookAnswer;
    try {
      answer = await this.client.review(webhook.path, call);
    } catch (e) {
      throw new Error(`failed calling webhook ${JSON.stringify(webhook.name)}: ${(e as Error).message}`, { cause: e });
    }
    for (const warning of answer.warnings ?? []) write.warnings.add(warning);
    if (!answer.allowed) throw webhookDenialError(webhook.name, answer.status);
    return answer;
  }
}

function applyPatch(webhook: RegisteredWebhook, object: KubeObject, answer: WebhookAnswer): KubeObject {
  if (answer.patchType !== 'JSONPatch') throw new Error(`webhook ${webhook.name} sent patchType ${String(answer.patchType)}`);
  const operations = JSON.parse(Buffer.from(answer.patch!, 'base64').toString('utf8')) as jsonPatch.Operation[];
  return jsonPatch.applyPatch(structuredClone(object), operations, true, true).newDocument;
}
