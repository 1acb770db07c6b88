/**
 * The admission policies of manifests/policies give the webhook's verdicts.
 * Every case of every guarded kind's case table (test/fixtures/cases/), and
 * objects made up by fast-check (made-up-objects.ts), go through the API
 * server's steps (api-server-model.ts) twice: once with the webhook's
 * handlers, once with the rendered policies evaluated by a JavaScript CEL
 * evaluator. Both must admit or deny alike, store the same object, and a
 * policy's denial must be one of the webhook's causes, word for word. The
 * relaxed-service-names component is compared with a webhook run with
 * --service-name-validation=relaxed. A case whose rule only the webhook
 * enforces (AdmissionCase.webhookOnly) is held to exactly that split.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import type { AdmissionCase } from '../fixtures/cases/admission-case.js';
import * as attachedConnector from '../fixtures/cases/attached-connector.js';
import * as binding from '../fixtures/cases/attached-connector-binding.js';
import * as connector from '../fixtures/cases/connector.js';
import * as listener from '../fixtures/cases/listener.js';
import * as multiKeyListener from '../fixtures/cases/multi-key-listener.js';
import { HOST_REASON } from '../fixtures/cases/service-host.js';
import { LISTENER_KIND, validListener } from '../fixtures/reviews.js';
import { caseRequest } from '../support/admission-cases.js';
import { policyAdmission, webhookAdmission } from './admission-paths.js';
import { AdmissionPolicies, type ExpressionStats } from './admission-policies.js';
import { admit, type Outcome, SKUPPER_CRDS } from './api-server-model.js';
import { MADE_UP, requestFrom } from './made-up-objects.js';
import { kustomize, RENDERINGS } from './rendered-manifests.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const WEBHOOKS = { strict: defaultWebhooks(), relaxed: createWebhooks({ serviceNameValidation: 'relaxed' }) };

/** PROPERTY_RUNS is how many made-up objects each property tries: enough to reach every rule, cheap on two cores. */
const PROPERTY_RUNS = 300;

/** KINDS are the guarded kinds' case tables; serviceHost marks the kinds whose spec.host follows the Service name rule. */
const KINDS = [
  { kind: 'Listener', cases: [...listener.VALID, ...listener.INVALID], serviceHost: true },
  { kind: 'MultiKeyListener', cases: [...multiKeyListener.VALID, ...multiKeyListener.INVALID], serviceHost: true },
  { kind: 'Connector', cases: [...connector.VALID, ...connector.INVALID], serviceHost: false },
  { kind: 'AttachedConnector', cases: [...attachedConnector.VALID, ...attachedConnector.INVALID], serviceHost: false },
  { kind: 'AttachedConnectorBinding', cases: [...binding.VALID, ...binding.INVALID], serviceHost: false },
] as const;

/** Install is a rendering of the policies beside the webhook installed the same way. */
interface Install {
  name: string;
  dir: string;
  webhookMutates: boolean;
  rule: 'strict' | 'relaxed';
}

/** INSTALLS pair each rendering of the policies with the webhook installed the same way. */
const INSTALLS: readonly Install[] = [
  { name: 'manifests/policies', dir: RENDERINGS.policies, webhookMutates: true, rule: 'strict' },
  { name: 'components/validating-only', dir: RENDERINGS['validating policies only'], webhookMutates: false, rule: 'strict' },
];
const RELAXED: Install = { name: 'components/relaxed-service-names', dir: RENDERINGS['policies with relaxed Service names'], webhookMutates: true, rule: 'relaxed' };

function describeOutcome(outcome: Outcome): string {
  return outcome.allowed ? 'admitted' : `denied at ${outcome.stage}: ${outcome.messages.join('; ')}`;
}

/** expectAgreement checks the webhook's outcome against the policies': the same verdict, the same object stored, a policy's denial one of the webhook's causes. */
function expectAgreement(viaPolicies: Outcome, viaWebhook: Outcome): void {
  const both = `policies: ${describeOutcome(viaPolicies)}; webhook: ${describeOutcome(viaWebhook)}`;
  expect(viaPolicies.allowed, both).to.equal(viaWebhook.allowed);
  if (viaPolicies.allowed && viaWebhook.allowed) expect(viaPolicies.object, `the object stored; ${both}`).to.deep.equal(viaWebhook.object);
  if (!viaPolicies.allowed && !viaWebhook.allowed && viaPolicies.stage === 'validation') {
    expect(viaWebhook.stage, both).to.equal('validation');
    expect(viaWebhook.messages, both).to.include(viaPolicies.messages[0]);
  }
}

/**
 * expectCaseVerdict holds the policies' outcome to the case's verdict, which
 * is the webhook's answer to the object asked directly. Where the API server
 * itself refuses the object before validating admission (its schema, its
 * CEL rules, a set's duplicates, which it never ratchets), no policy is asked,
 * and the case's verdict says nothing about them.
 */
function expectCaseVerdict(viaPolicies: Outcome, c: AdmissionCase): void {
  if (!viaPolicies.allowed && viaPolicies.stage !== 'validation') return;
  expect(viaPolicies.allowed, describeOutcome(viaPolicies)).to.equal(c.expect.allowed);
}

/**
 * describeCase declares the tests of case c under install. With
 * holdToVerdict false (a strict case under relaxed Service names), only the
 * agreement of policies and webhook is checked.
 */
function describeCase(c: AdmissionCase, install: Install, policies: () => AdmissionPolicies, holdToVerdict: boolean): void {
  const crd = SKUPPER_CRDS[c.object['kind']]!;
  const webhooks = WEBHOOKS[install.rule];
  const viaPolicies = () => admit(crd, caseRequest(c), policyAdmission(policies(), crd));
  const viaWebhook = () => admit(crd, caseRequest(c), webhookAdmission(webhooks, install.webhookMutates));
  const title = `${c.name}${c.operation === 'UPDATE' ? ' (UPDATE)' : ''}`;
  if (c.webhookOnly !== undefined) {
    it(`admitted, leaving ${c.webhookOnly} to the webhook, which denies: ${title}`, () => {
      expect(viaPolicies().allowed).to.equal(true);
      expect(describeOutcome(viaWebhook())).to.match(/^denied at validation/);
    });
    return;
  }
  const verdict = c.expect.allowed ? 'admitted' : 'denied';
  it(`${holdToVerdict ? verdict : "the webhook's verdict"}: ${title}`, () => {
    const outcome = viaPolicies();
    if (holdToVerdict) expectCaseVerdict(outcome, c);
    expectAgreement(outcome, viaWebhook());
  });
}

/** itAgreesOnMadeUpObjects declares one property per guarded kind: on made-up objects, created or updated, the policies and webhooks agree (expectAgreement). */
function itAgreesOnMadeUpObjects(install: Install, policies: () => AdmissionPolicies, kinds: readonly string[]): void {
  for (const kind of kinds) {
    it(`gives the webhook's verdict on any ${kind}, created or updated from another, in the webhook's words`, () => {
      const crd = SKUPPER_CRDS[kind]!;
      const arbitrary = MADE_UP[kind]!();
      fc.assert(
        fc.property(arbitrary, fc.option(arbitrary, { nil: undefined }), fc.boolean(), (object, old, keepOld) => {
          const request = requestFrom(object, old, keepOld);
          expectAgreement(admit(crd, request, policyAdmission(policies(), crd)), admit(crd, request, webhookAdmission(WEBHOOKS[install.rule], install.webhookMutates)));
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  }
}

/** describeInstall declares the tests of one rendering: which cases, held to their verdicts or not, and which kinds' made-up objects. */
function describeInstall(install: Install, stats: ExpressionStats[], body: (policies: () => AdmissionPolicies) => void): void {
  describe(`${install.name}, beside the webhook installed the same way`, () => {
    let policies: AdmissionPolicies;
    before(async () => {
      policies = new AdmissionPolicies(await kustomize(install.dir));
    });
    after(() => stats.push(...policies.stats()));
    body(() => policies);
  });
}

describe('manifests/policies against the webhook', () => {
  const stats: ExpressionStats[] = [];

  for (const install of INSTALLS) {
    describeInstall(install, stats, (policies) => {
      for (const { kind, cases } of KINDS) {
        describe(kind, () => {
          for (const c of cases.filter((c) => (c.serviceNameValidation ?? 'strict') === 'strict')) describeCase(c, install, policies, true);
        });
      }
      describe('on objects made up around the rules', () => itAgreesOnMadeUpObjects(install, policies, KINDS.map((k) => k.kind)));
    });
  }

  // The strict cases' verdicts are the strict rule's ('1db' is denied there): under relaxed Service names they are held to the relaxed webhook's verdict instead.
  describeInstall(RELAXED, stats, (policies) => {
    for (const { kind, cases } of KINDS.filter((k) => k.serviceHost)) {
      describe(`${kind}: the relaxed cases`, () => {
        for (const c of cases.filter((c) => c.serviceNameValidation === 'relaxed')) describeCase(c, RELAXED, policies, true);
      });
      describe(`${kind}: every other case`, () => {
        for (const c of cases.filter((c) => c.serviceNameValidation !== 'relaxed')) describeCase(c, RELAXED, policies, false);
      });
    }
    describe('on objects made up around the rules', () => itAgreesOnMadeUpObjects(RELAXED, policies, KINDS.filter((k) => k.serviceHost).map((k) => k.kind)));
  });

  describe('a value too long to quote', () => {
    let policies: AdmissionPolicies;
    before(async () => {
      policies = new AdmissionPolicies(await kustomize(RENDERINGS.policies));
    });
    it('is denied, the message naming the rule without the value, as the API server caps a message at 5 KiB', () => {
      const crd = SKUPPER_CRDS['Listener']!;
      const object = validListener();
      object['spec'].host = 'h'.repeat(6000);
      const request: AdmissionRequest = { uid: 'long', kind: LISTENER_KIND, operation: 'CREATE', name: 'backend', namespace: 'west', object };
      const outcome = admit(crd, request, policyAdmission(policies, crd));
      expect(outcome).to.deep.include({ allowed: false, stage: 'validation' });
      expect((outcome as { messages: string[] }).messages).to.deep.equal([`spec.host: Invalid value: must be no more than 63 characters: ${HOST_REASON}`]);
      expect(admit(crd, request, webhookAdmission(WEBHOOKS.strict)).allowed).to.equal(false);
    });
  });

  // Last, once every case above has been evaluated.
  describe('coverage', () => {
    it('lets every validation and match condition decide some case each way (no rule is dead, none always fails)', () => {
      const decided = new Map<string, { true: number; false: number }>();
      for (const s of stats.filter((s) => s.what.startsWith('validation') || s.what.startsWith('matchCondition'))) {
        const key = `${s.policy}: ${s.what}`;
        const sum = decided.get(key) ?? { true: 0, false: 0 };
        decided.set(key, { true: sum.true + s.outcomes.true, false: sum.false + s.outcomes.false });
      }
      expect(decided.size).to.be.greaterThan(10);
      const oneSided = [...decided].filter(([, o]) => o.true === 0 || o.false === 0).map(([key, o]) => `${key} (${o.true} true, ${o.false} false)`);
      expect(oneSided).to.deep.equal([]);
    });
  });
});
