/**
 * The two writes kubectl create and kubectl apply make, as the API server's
 * generic handlers make them (apiserver pkg/endpoints/handlers create.go and
 * patch.go): decode the body against the CRD (pruning what it does not
 * declare, and refusing or warning about it as the fieldValidation query
 * parameter asks: kubectl sends Strict, the server's default is Warn), run the
 * admission chain, store. `kubectl create` POSTs the object; `kubectl apply`
 * GETs it, then POSTs it when it is absent or sends a JSON merge patch
 * (application/merge-patch+json, the only patch type kubectl uses for custom
 * resources) computed against the last-applied-configuration annotation.
 */
import mergePatch from 'json-merge-patch';
import type { AdmissionChain } from './admission-chain.js';
import type { ServedKind } from './crds.js';
import { invalid } from './field-errors.js';
import type { KubeObject, ObjectStore } from './object-store.js';
import { badRequestError, invalidError } from './status.js';
import { pruneUnknownFields } from './structural-pruning.js';
import type { WarningRecorder } from './warnings.js';

/** WriteOptions are the query parameters of a write, already read. */
export interface WriteOptions {
  kind: ServedKind;
  namespace: string;
  dryRun: boolean;
  fieldValidation: string;
  fieldManager: string;
  warnings: WarningRecorder;
}

/** Writes turns create and patch requests into stored objects. */
export class Writes {
  constructor(
    private readonly chain: AdmissionChain,
    private readonly store: ObjectStore,
  ) {}

  /** create is POST on the collection: body is the object kubectl sent. */
  async create(body: unknown, options: WriteOptions): Promise<KubeObject> {
    const { kind, namespace } = options;
    const object = decodeObject(body, kind);
    if (object.metadata['namespace'] !== undefined && object.metadata['namespace'] !== namespace) {
      throw badRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata['namespace'] = namespace;
    const unknown = pruneUnknownFields(object, kind.schema);
    if (unknown.length > 0) {
      const strictError = strictDecodingError(unknown);
      if (options.fieldValidation === 'Strict') {
        throw badRequestError(`${kind.kind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}: ${strictError}`);
      }
      warnAbout(unknown, options);
    }
    const name = String(object.metadata['name']);
    const prepare = (o: KubeObject) => this.store.prepareForCreate(kind, o);
    const admitted = await this.chain.admit({ ...options, operation: 'CREATE', name, object, oldObject: null, prepare });
    return this.store.create(kind, admitted, options.dryRun);
  }

  /** patch is PATCH on one object with a JSON merge patch. */
  async patch(name: string, patch: unknown, options: WriteOptions): Promise<KubeObject> {
    const { kind, namespace } = options;
    const current = this.store.get(kind, namespace, name);
    const object = mergePatch.apply(structuredClone(current), patch) as KubeObject;
    const unknown = pruneUnknownFields(object, kind.schema);
    if (unknown.length > 0) {
      if (options.fieldValidation === 'Strict') {
        // patch.go reports it on the field "patch", with the patched object as Go encodes it (keys sorted).
        const patched = mergePatch.apply(structuredClone(current), patch);
        throw invalidError({ group: '', kind: '', name: '' }, [invalid('patch', sortedJson(patched), strictDecodingError(unknown))]);
      }
      warnAbout(unknown, options);
    }
    const prepare = (o: KubeObject) => this.store.prepareForUpdate(o, current);
    const admitted = await this.chain.admit({ ...options, operation: 'UPDATE', name, object, oldObject: current, prepare });
    return this.store.update(kind, admitted, options.dryRun);
  }
}

function decodeObject(body: unknown, kind: ServedKind): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequestError('the body of the request is not a JSON object');
  const object = body as Record<string, unknown>;
  if (object['apiVersion'] !== `${kind.group}/${kind.version}` || object['kind'] !== kind.kind) {
    throw badRequestError(`the API version in the data (${String(object['apiVersion'])}) does not match the expected API version (${kind.group}/${kind.version})`);
  }
  if (typeof object['metadata'] !== 'object' || object['metadata'] === null) object['metadata'] = {};
  return object as KubeObject;
}

/** strictDecodingError is runtime.NewStrictDecodingError's text for unknown fields. */
function strictDecodingError(unknown: readonly string[]): string {
  return `strict decoding error: ${unknown.map((path) => `unknown field ${JSON.stringify(path)}`).join(', ')}`;
}

function warnAbout(unknown: readonly string[], options: WriteOptions): void {
  if (options.fieldValidation === 'Ignore') return;
  for (const path of unknown) options.warnings.add(`unknown field ${JSON.stringify(path)}`);
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
