/**
 * Test support for the manifest tests: render the kustomize manifests as
 * `kubectl apply -k` renders them, the names they use, and helpers to pick
 * rendered objects out and name them in assertion messages.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/**
 * RENDERINGS are what an admin can apply, by the directory `kubectl apply -k`
 * takes: the webhook (base, or with cert-manager), the admission policies
 * (alone, with each of their components), or both together. The overlays under
 * test/fixtures/kustomize/ are what an admin's own overlay would list.
 */
export const RENDERINGS = {
  base: 'manifests',
  'cert-manager overlay': 'manifests/overlays/cert-manager',
  policies: 'manifests/policies',
  'policies with relaxed Service names': 'test/fixtures/kustomize/policies-relaxed-service-names',
  'policies with MutatingAdmissionPolicy v1beta1': 'test/fixtures/kustomize/policies-mutating-v1beta1',
  'validating policies only': 'test/fixtures/kustomize/policies-validating-only',
  'webhook and policies': 'test/fixtures/kustomize/webhook-and-policies',
} as const;
/** Rendering names one of the RENDERINGS. */
export type Rendering = keyof typeof RENDERINGS;
/** NAME is the name of every base object, and also of the namespace they live in. */
export const NAME = 'skupper-webhook';
/** NAMESPACE is the namespace every namespaced object is rendered into. */
export const NAMESPACE = 'skupper-webhook';
/** CERT_MANAGER is the apiVersion of the cert-manager objects the overlay adds. */
export const CERT_MANAGER = 'cert-manager.io/v1';

// Rendered YAML is read field by field; below the top level anything goes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** rendered holds each directory's rendering, made once per test process: the manifest tests render the same few many times. */
const rendered = new Map<string, Promise<K8sObject[]>>();

/** kustomize renders dir the way `kubectl apply -k dir` would and parses every document; each caller gets objects of its own. */
export async function kustomize(dir: string): Promise<K8sObject[]> {
  let rendering = rendered.get(dir);
  if (rendering === undefined) {
    rendering = render(dir);
    rendered.set(dir, rendering);
  }
  return structuredClone(await rendering);
}

async function render(dir: string): Promise<K8sObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('kubectl', ['kustomize', dir], { cwd: REPO, timeout: 15_000 }));
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT') {
      const hint = 'these tests render the manifests with `kubectl kustomize`, as `kubectl apply -k` does; install kubectl 1.27 or newer';
      throw new Error(`kubectl is not on PATH: ${hint}`, { cause: e });
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${error.stderr?.trim() || error.message}`, { cause: e });
  }
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${doc.errors[0]!.message}`);
    return doc.toJS() as K8sObject;
  });
}

/** find returns the one rendered object of kind and name, failing when there is not exactly one. */
export function find(objects: K8sObject[], kind: string, name = NAME): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind} ${name}`).to.have.lengthOf(1);
  return found[0]!;
}

/** nameOf names an object in assertion messages: "Deployment skupper-webhook/skupper-webhook". */
export function nameOf(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
