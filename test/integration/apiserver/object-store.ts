/**
 * The stand-in's storage: objects in memory, keyed by resource, namespace and
 * name, with the fields the API server itself owns. On create (BeforeCreate,
 * between the mutating webhooks and validation) it sets uid, creationTimestamp
 * and generation 1 and drops status, which a CRD with a status subresource
 * only takes through /status; on update it keeps uid, creationTimestamp and
 * status from the stored object and bumps generation when anything but
 * metadata changed. A stored write gets the next resourceVersion; a dry run
 * stores nothing and has none, as a cluster's dry run has none.
 *
 * uids and the clock are deterministic, so that a transcript can be compared
 * byte for byte: uids are derived from the object's key, and every object is
 * created at STAND_IN_NOW. A cluster's are random and the current time.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ServedKind } from './crds.js';
import { alreadyExistsError, notFoundError } from './status.js';

/** STAND_IN_NOW is the creationTimestamp of everything the stand-in creates. */
export const STAND_IN_NOW = '2026-01-01T00:00:00Z';

/** KubeObject is a stored object: any JSON object with metadata. */
export type KubeObject = Record<string, unknown> & { metadata: Record<string, unknown> };

/** ObjectStore holds what kubectl created, for kubectl apply to find. */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private resourceVersion = 0;

  /** get returns a copy of the stored object, or throws NotFound. */
  get(kind: ServedKind, namespace: string, name: string): KubeObject {
    const stored = this.objects.get(key(kind, namespace, name));
    if (!stored) throw notFoundError(kind, name);
    return structuredClone(stored);
  }

  /** prepareForCreate sets the fields the API server owns on a new object. */
  prepareForCreate(kind: ServedKind, object: KubeObject): void {
    const { metadata } = object;
    metadata['uid'] = uidFor(key(kind, String(metadata['namespace']), String(metadata['name'])));
    metadata['creationTimestamp'] = STAND_IN_NOW;
    metadata['generation'] = 1;
    delete metadata['resourceVersion'];
    delete object['status'];
  }

  /** prepareForUpdate carries the fields the API server owns over from old. */
  prepareForUpdate(object: KubeObject, old: KubeObject): void {
    for (const field of ['uid', 'creationTimestamp', 'resourceVersion'] as const) object.metadata[field] = old.metadata[field];
    if ('status' in old) object['status'] = old['status'];
    else delete object['status'];
    const changed = !isDeepStrictEqual(withoutMetadata(object), withoutMetadata(old));
    object.metadata['generation'] = Number(old.metadata['generation'] ?? 1) + (changed ? 1 : 0);
  }

  /** create stores object (unless dryRun) and returns what the API server answers; it throws AlreadyExists. */
  create(kind: ServedKind, object: KubeObject, dryRun: boolean): KubeObject {
    const k = key(kind, String(object.metadata['namespace']), String(object.metadata['name']));
    if (this.objects.has(k)) throw alreadyExistsError(kind, String(object.metadata['name']));
    return dryRun ? object : this.put(k, object);
  }

  /** update replaces the stored object (unless dryRun) and returns what the API server answers. */
  update(kind: ServedKind, object: KubeObject, dryRun: boolean): KubeObject {
    const k = key(kind, String(object.metadata['namespace']), String(object.metadata['name']));
    return dryRun ? object : this.put(k, object);
  }

  private put(k: string, object: KubeObject): KubeObject {
    object.metadata['resourceVersion'] = String(++this.resourceVersion);
    this.objects.set(k, structuredClone(object));
    return object;
  }
}

function key(kind: ServedKind, namespace: string, name: string): string {
  return `${kind.plural}.${kind.group}/${namespace}/${name}`;
}

function uidFor(objectKey: string): string {
  const hex = createHash('sha256').update(objectKey).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function withoutMetadata(object: KubeObject): Record<string, unknown> {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}
