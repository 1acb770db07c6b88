/**
 * Only the guarded kinds are this webhook's business: Skupper's other kinds
 * (Site, Link, AccessGrant, ...) pass both webhooks untouched, over HTTPS as
 * the API server would send them, and `check` skips them, even when their
 * spec holds what a guarded kind's rules would deny.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { CLI, lines, runCheck } from '../fixtures/check/run-check.js';
import { requestFor, reviewFor } from '../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** UNGUARDED are skupper.io objects of kinds the webhook does not guard, with fields a guarded kind would be denied for. */
const UNGUARDED: Record<string, any>[] = [
  { apiVersion: 'skupper.io/v2alpha1', kind: 'Site', metadata: { name: 'west', namespace: 'west' }, spec: { linkAccess: 'default', host: 'Not_A_Service' } },
  { apiVersion: 'skupper.io/v2alpha1', kind: 'Link', metadata: { name: 'to-east', namespace: 'west' }, spec: { cost: 1, selector: 'app in (' } },
  { apiVersion: 'skupper.io/v2alpha1', kind: 'AccessGrant', metadata: { name: 'grant', namespace: 'east' }, spec: { redemptionsAllowed: 1, port: 0 } },
];

describe('kinds the webhook does not guard', function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });

  after(async () => {
    await server.close();
  });

  for (const object of UNGUARDED) {
    for (const path of ['/validate', '/mutate'] as const) {
      it(`lets a ${object['kind']} through ${path} unreviewed and unpatched`, async () => {
        const request = requestFor(object);
        expect(request.kind).to.deep.equal({ group: 'skupper.io', version: 'v2alpha1', kind: object['kind'] });
        const answer = await server.review(path, reviewFor(request));
        expect(answer.status).to.equal(200);
        expect((answer.json as any).response).to.deep.equal({ uid: request.uid, allowed: true });
      });
    }
  }

  it('are skipped by check, which prints them unchanged with -o yaml', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const run = await runCheck(['-o', 'yaml', '-'], { input: UNGUARDED.map((object) => stringify(object)).join('---\n') });
    expect({ code: run.code, stderr: run.stderr }).to.deep.equal({ code: 0, stderr: lines('0 checked, 0 denied, 0 warned, 3 skipped') });
    expect(parseAllDocuments(run.stdout).map((document) => document.toJS())).to.deep.equal(UNGUARDED);
  });
});
