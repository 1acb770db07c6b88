/**
 * Runs a kind's case table (test/fixtures/cases/) against the webhook's
 * /validate: one `it` per case, named after its rule.
 */
import { expect } from 'chai';
import type { Webhooks } from '../../src/admission/webhooks.js';
import { type AdmissionCase, type KindCases, requestOf } from '../fixtures/cases/admission-case.js';

function title(c: AdmissionCase): string {
  const update = c.old ? ' (UPDATE)' : '';
  if (c.pending !== undefined) return `${c.verdict.allowed ? 'admits' : 'denies:'} ${c.name}${update}, once the webhook has ${c.pending}`;
  if (c.verdict.allowed) return `admits ${c.name}${update}${c.verdict.warnings ? ', with its warnings' : ' without warnings'}`;
  return `denies: ${c.name}${update}`;
}

/** itGivesTheCaseVerdicts declares one test per case of table: the webhook answers exactly the case's verdict. */
export function itGivesTheCaseVerdicts(table: KindCases, webhooks: Webhooks): void {
  for (const c of table.cases) {
    it(title(c), function () {
      const request = requestOf(table, c);
      const response = webhooks.validate(request);
      if (c.pending !== undefined && response.allowed !== c.verdict.allowed) {
        this.skip(); // Reported as pending, its title naming the change that brings the rule (see AdmissionCase.pending).
      }
      if (c.verdict.allowed) {
        expect(response).to.deep.equal({ uid: request.uid, allowed: true, ...(c.verdict.warnings ? { warnings: c.verdict.warnings } : {}) });
        return;
      }
      expect(response.allowed).to.equal(false);
      expect(response.status).to.include({ code: 422, reason: 'Invalid', status: 'Failure' });
      expect(response.status?.details).to.include({ kind: table.kind.kind, group: table.kind.group });
      const causes = response.status?.details?.causes ?? [];
      if (c.pending !== undefined) expect(causes.map((cause) => cause.field)).to.deep.equal(c.verdict.causes.map((cause) => cause.field));
      else expect(causes).to.deep.equal(c.verdict.causes);
    });
  }
}
