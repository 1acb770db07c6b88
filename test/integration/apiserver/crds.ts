/**
 * The Skupper kinds the stand-in API server serves, read from the CRDs in
 * test/fixtures/crds (Skupper's own, descriptions removed), so that discovery,
 * the OpenAPI documents and the structural checks all come from one source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const CRD_DIR = fileURLToPath(new URL('../../fixtures/crds/', import.meta.url));

/** JsonSchema is a node of a CRD's openAPIV3Schema, read as plain JSON. */
export type JsonSchema = Record<string, unknown>;

/** ServedKind is one version of one CRD, as the API server serves it. */
export interface ServedKind {
  group: string;
  version: string;
  kind: string;
  /** plural is the resource name in URLs (listeners). */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  schema: JsonSchema;
}

/** loadServedKinds reads every CRD fixture and returns each served version. */
export function loadServedKinds(): ServedKind[] {
  const kinds: ServedKind[] = [];
  for (const file of readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(CRD_DIR + file, 'utf8'));
    const { group, names, scope, versions } = crd.spec;
    for (const version of versions) {
      if (!version.served) continue;
      kinds.push({
        group,
        version: version.name,
        kind: names.kind,
        plural: names.plural,
        singular: names.singular,
        shortNames: names.shortNames ?? [],
        namespaced: scope === 'Namespaced',
        schema: version.schema.openAPIV3Schema,
      });
    }
  }
  return kinds;
}

/** groupVersion is "group/version", as apiVersion fields spell it. */
export function groupVersion(kind: Pick<ServedKind, 'group' | 'version'>): string {
  return `${kind.group}/${kind.version}`;
}
