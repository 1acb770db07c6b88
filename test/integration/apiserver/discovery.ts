/**
 * The read-only documents kubectl 1.32 fetches before it writes anything
 * (watched with `kubectl -v=8`): legacy discovery (/api, /apis and one
 * APIResourceList per group version), the OpenAPI v3 index and group version
 * documents, and, in some runs, /version. kubectl asks for aggregated
 * discovery first; a plain application/json answer makes it fall back to the
 * legacy documents, which are enough. From OpenAPI v3 it reads two things of a
 * kind's PATCH operation: whether it declares the fieldValidation query
 * parameter (it does, so kubectl leaves schema validation to the server and
 * sends fieldValidation=Strict instead of validating against /openapi/v2 on its
 * own), and whether it accepts a strategic merge patch (it does not, as for
 * every custom resource). kubectl apply also asks for /openapi/v2 to choose a
 * patch type; it is not served, and without it kubectl does what it does for
 * a custom resource anyway: a JSON merge patch.
 */
import { createHash } from 'node:crypto';
import { groupVersion, type ServedKind } from './crds.js';

/** STAND_IN_VERSION is what /version reports: the minor of the kubectl these tests were written against. */
export const STAND_IN_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' };

/** MERGE_PATCH_TYPES are the patch content types the API server accepts for custom resources (no strategic merge). */
const MERGE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** Discovery answers GET requests for the documents above; documents are built once. */
export class Discovery {
  private readonly documents = new Map<string, unknown>();

  constructor(kinds: readonly ServedKind[]) {
    const byGroupVersion = groupBy(kinds, groupVersion);
    this.documents.set('/version', STAND_IN_VERSION);
    this.documents.set('/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    this.documents.set('/api/v1', { kind: 'APIResourceList', groupVersion: 'v1', resources: [] });
    this.documents.set('/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups(kinds) });
    const openApiPaths: Record<string, { serverRelativeURL: string }> = {};
    for (const [gv, served] of byGroupVersion) {
      this.documents.set(`/apis/${gv}`, resourceList(gv, served));
      const document = openApiDocument(gv, served);
      const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
      this.documents.set(`/openapi/v3/apis/${gv}`, document);
      openApiPaths[`apis/${gv}`] = { serverRelativeURL: `/openapi/v3/apis/${gv}?hash=${hash}` };
    }
    this.documents.set('/openapi/v3', { paths: openApiPaths });
  }

  /** document returns the document served at path, or undefined when there is none. */
  document(path: string): unknown {
    return this.documents.get(path);
  }
}

/** groupBy is Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function apiGroups(kinds: readonly ServedKind[]): unknown[] {
  return [...groupBy(kinds, (k) => k.group)].map(([name, served]) => {
    const versions = [...new Set(served.map((k) => k.version))].map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions, preferredVersion: versions[0] };
  });
}

function resourceList(gv: string, kinds: readonly ServedKind[]): unknown {
  const resources = kinds.flatMap((k) => [
    {
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: k.shortNames,
    },
    { name: `${k.plural}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] },
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

function openApiDocument(gv: string, kinds: readonly ServedKind[]): unknown {
  const paths: Record<string, unknown> = {};
  for (const k of kinds) {
    const collection = k.namespaced ? `/apis/${gv}/namespaces/{namespace}/${k.plural}` : `/apis/${gv}/${k.plural}`;
    paths[`${collection}/{name}`] = {
      patch: {
        operationId: `patch${k.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: k.group, version: k.version, kind: k.kind },
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        requestBody: { content: Object.fromEntries(MERGE_PATCH_TYPES.map((type) => [type, { schema: { type: 'object' } }])) },
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: STAND_IN_VERSION.gitVersion }, paths, components: { schemas: {} } };
}
