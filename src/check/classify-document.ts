/**
 * classifyDocument decides what `check` does with one document: review it
 * (a guarded Skupper kind of the version the webhook is registered for),
 * skip it (anything else, passed through untouched), ignore it (an empty
 * document, which kubectl ignores too) or refuse it (not a Kubernetes object
 * at all, which kubectl apply would refuse before any admission).
 */
import { isPlainObject } from '../core/object.js';
import type { GroupVersionKind, KubeObject } from '../core/review.js';
import { rulesFor } from '../resources/registry.js';
import { SKUPPER_GROUP } from '../resources/resource.js';

/**
 * CHECKED_VERSION is the only skupper.io version `check` reviews: the webhook
 * configurations in manifests/ register v2alpha1 only. Against a cluster that
 * served another version, the API server would convert it to v2alpha1 first
 * (matchPolicy Equivalent); that conversion needs the cluster's CRDs, so
 * `check` skips such a document with a note rather than guess.
 */
export const CHECKED_VERSION = 'v2alpha1';

/** Classification is what to do with one document. */
export type Classification =
  | { action: 'ignore' }
  | { action: 'refuse'; message: string }
  | { action: 'skip'; object: KubeObject; kind: GroupVersionKind; note?: string }
  | { action: 'review'; object: KubeObject; kind: GroupVersionKind };

/** parseApiVersion splits "group/version" (or a core "version") as the API server does. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** classifyDocument classifies a parsed document (not a List: those are expanded first). */
export function classifyDocument(value: unknown): Classification {
  if (value === null || value === undefined) return { action: 'ignore' };
  if (!isPlainObject(value)) {
    return { action: 'refuse', message: `not a Kubernetes object: the document is ${describe(value)}, not a mapping` };
  }
  const apiVersion = value['apiVersion'];
  const kindName = value['kind'];
  // kubectl's own wording for the same mistake ("error validating data: [apiVersion not set, kind not set]").
  const missing = [
    ...(typeof apiVersion === 'string' && apiVersion !== '' ? [] : ['apiVersion not set']),
    ...(typeof kindName === 'string' && kindName !== '' ? [] : ['kind not set']),
  ];
  if (missing.length > 0) return { action: 'refuse', message: missing.join(', ') };
  const { group, version } = parseApiVersion(apiVersion as string);
  const kind: GroupVersionKind = { group, version, kind: kindName as string };
  if (!rulesFor(group, kind.kind)) return { action: 'skip', object: value, kind };
  if (version !== CHECKED_VERSION) {
    return {
      action: 'skip',
      object: value,
      kind,
      note: `not checked: the webhook reviews ${SKUPPER_GROUP}/${CHECKED_VERSION} only, and this is ${apiVersion as string}`,
    };
  }
  return { action: 'review', object: value, kind };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return `a ${typeof value}`;
  }
}
