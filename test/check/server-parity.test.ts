/**
 * The promise of `check`: for the same manifests, the CLI (the built one, as
 * a child process) gives the verdict, findings, patch and mutated object that
 * the real HTTPS server gives on /mutate then /validate, as the API server
 * would call it.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsonPatch from 'fast-json-patch';
import { parseAllDocuments } from 'yaml';
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionResponse } from '../../src/core/review.js';
import { GUARDED_KINDS } from '../../src/resources/registry.js';
import { checkSource, type DocumentOutcome } from '../../src/check/check-documents.js';
import { CLI, FIXTURES, lines as text, ROOT, runCheck as check } from '../fixtures/check/run-check.js';
import { requestFor, reviewFor } from '../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

/** ServerVerdict is what the HTTPS server answered for one guarded document. */
interface ServerVerdict {
  position: string;
  patch: unknown[];
  mutated: Record<string, any>;
  validation: AdmissionResponse;
}

const GUARDED = new Set(GUARDED_KINDS.map((rules) => rules.kind));

function isGuarded(document: Record<string, any>): boolean {
  return document['apiVersion'] === 'skupper.io/v2alpha1' && GUARDED.has(document['kind']);
}

describe('skupper-webhook check and the HTTPS server', function () {
  this.timeout(30_000);
  const file = `${FIXTURES}/parity.yaml`;
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  let server: TestServer;

  before(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    server = await startTestServer();
  });

  after(async () => {
    await server.close();
  });

  /** ask sends a document as the API server would: /mutate, apply the patch, then /validate. */
  async function ask(position: string, document: Record<string, any>): Promise<ServerVerdict> {
    const namespace: string = document['metadata']?.['namespace'] ?? 'default';
    const object = { ...document, metadata: { ...document['metadata'], namespace } };
    const request = requestFor(object, { namespace, dryRun: true });
    const mutation = ((await server.review('/mutate', reviewFor(request))).json as { response: AdmissionResponse }).response;
    const patch = decodePatch(mutation);
    const mutated = jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[]).newDocument;
    const validation = ((await server.review('/validate', reviewFor({ ...request, object: mutated }))).json as { response: AdmissionResponse }).response;
    return { position, patch, mutated, validation };
  }

  /** whatServerSays is, per document, what the server answered and what would be stored (undefined when denied). */
  async function whatServerSays(): Promise<{ verdicts: ServerVerdict[]; stored: unknown[] }> {
    const verdicts: ServerVerdict[] = [];
    const keep = async (position: string, document: Record<string, any>): Promise<unknown> => {
      if (!isGuarded(document)) return document;
      const verdict = await ask(position, document);
      verdicts.push(verdict);
      return verdict.validation.allowed ? verdict.mutated : undefined;
    };
    const stored: unknown[] = [];
    for (const [index, document] of parseAllDocuments(source, { version: '1.1' }).map((d) => d.toJS() as Record<string, any>).entries()) {
      if (document['kind'] !== 'List') {
        stored.push(await keep(String(index + 1), document));
        continue;
      }
      const items: unknown[] = [];
      for (const [i, item] of (document['items'] as Record<string, any>[]).entries()) items.push(await keep(`${index + 1}.${i + 1}`, item));
      stored.push({ ...document, items: items.filter((item) => item !== undefined) });
    }
    return { verdicts, stored: stored.filter((document) => document !== undefined) };
  }

  it('gives the same verdicts, findings and mutated objects as /mutate then /validate', async () => {
    const { verdicts, stored } = await whatServerSays();
    const findings = verdicts.flatMap(({ position, mutated, validation }) => {
      const at = `${file}:${position}: ${mutated['kind']}/${mutated['metadata']['namespace']}/${mutated['metadata']['name']}: `;
      return [
        ...(validation.warnings ?? []).map((warning) => `${at}Warning: ${warning}`),
        ...(validation.status?.details?.causes ?? []).map((cause) => `${at}${cause.field}: ${cause.message}`),
      ];
    });
    const denied = verdicts.filter((v) => !v.validation.allowed).length;
    const warned = verdicts.filter((v) => v.validation.warnings).length;
    expect({ guarded: verdicts.length, denied: denied > 0, warned: warned > 0 }, 'the fixture covers every case').to.deep.equal({
      guarded: 14,
      denied: true,
      warned: true,
    });
    expect(new Set(verdicts.map((v) => v.mutated['kind'])), 'every guarded kind').to.deep.equal(GUARDED);

    const run = await check(['-o', 'json', file]);
    expect({ code: run.code, documents: JSON.parse(run.stdout) as unknown, stderr: run.stderr }).to.deep.equal({
      code: 1,
      documents: stored,
      stderr: text(...findings, `${verdicts.length} checked, ${denied} denied, ${warned} warned, 2 skipped`),
    });
  });

  it('computes the same patch as the server, document for document', async () => {
    const { verdicts } = await whatServerSays();
    const reviewed: { position: string; patch: unknown[] }[] = [];
    const walk = (outcomes: DocumentOutcome[]): void => {
      for (const outcome of outcomes) {
        if (outcome.status === 'list') walk(outcome.items);
        if (outcome.status === 'admitted' || outcome.status === 'denied') reviewed.push({ position: outcome.position, patch: outcome.patch });
      }
    };
    walk(checkSource(defaultWebhooks(), { name: file, text: source }).documents);
    expect(reviewed).to.deep.equal(verdicts.map(({ position, patch }) => ({ position, patch })));
    expect(verdicts.filter((v) => v.patch.length > 0).length, 'the fixture has patches').to.be.greaterThan(0);
  });
});
