/**
 * The admission policies of manifests/policies give the webhook's verdicts.
 * Every case of the webhook's own case tables (test/fixtures/cases/), and
 * objects made up by fast-check, go through the API server's steps
 * (api-server-model.ts) twice: once with the webhook's handlers, once with
 * the rendered policies evaluated by a JavaScript CEL evaluator. Both must
 * admit or deny alike, store the same object, and a policy's denial must be
 * one of the webhook's causes, word for word. The relaxed-service-names
 * component is compared with a webhook run with
 * --service-name-validation=relaxed.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createWebhooks, type Webhooks } from '../../src/admission/webhooks.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import { BINDING_CASES } from '../fixtures/cases/attached-connector-binding.js';
import { type KindCases, requestOf } from '../fixtures/cases/admission-case.js';
import { HOST_REASON, LISTENER_CASES, LISTENER_RELAXED_HOST_CASES } from '../fixtures/cases/listener.js';
import { BINDING_KIND, LISTENER_KIND, validBinding, validListener } from '../fixtures/reviews.js';
import { policyAdmission, webhookAdmission } from './admission-paths.js';
import { AdmissionPolicies, type ExpressionStats } from './admission-policies.js';
import { admit, type Outcome, SKUPPER_CRDS } from './api-server-model.js';
import { kustomize, RENDERINGS } from './rendered-manifests.js';

const strictWebhooks = createWebhooks();
const relaxedWebhooks = createWebhooks({ serviceNameValidation: 'relaxed' });

/** PROPERTY_RUNS is how many made-up objects each property tries: enough to reach every rule, cheap on two cores. */
const PROPERTY_RUNS = 300;

/** INSTALLS pair each rendering of the policies with the webhook installed the same way. */
const INSTALLS = [
  { name: 'manifests/policies', dir: 'manifests/policies', webhookMutates: true },
  { name: 'components/validating-only', dir: 'test/fixtures/kustomize/policies-validating-only', webhookMutates: false },
] as const;

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
 * describeCases declares the tests of table's cases under install: through
 * the API server's steps, the policies give the case's verdict (unless
 * caseVerdicts is false) and the webhook's, in the webhook's words. A pending
 * case (AdmissionCase.pending) holds the policies to its verdict and causes,
 * and the webhook to its verdict in a test of its own, reported as pending
 * until the webhook has the rule.
 */
function describeCases(table: KindCases, install: (typeof INSTALLS)[number], policies: () => AdmissionPolicies, webhooks: Webhooks, caseVerdicts = true): void {
  const crd = SKUPPER_CRDS[table.kind.kind]!;
  for (const c of table.cases) {
    const verdict = c.verdict.allowed ? 'admitted' : 'denied';
    const update = c.old ? ' (UPDATE)' : '';
    if (c.pending === undefined) {
      it(`${caseVerdicts ? verdict : "the webhook's verdict"}: ${c.name}${update}`, () => {
        const request = requestOf(table, c);
        const viaPolicies = admit(crd, request, policyAdmission(policies(), crd));
        if (caseVerdicts) expect(viaPolicies.allowed, describeOutcome(viaPolicies)).to.equal(c.verdict.allowed);
        expectAgreement(viaPolicies, admit(crd, request, webhookAdmission(webhooks, install.webhookMutates)));
      });
      continue;
    }
    const title = `${verdict} by the webhook as well, once it has ${c.pending}: ${c.name}${update}`;
    if (!caseVerdicts) {
      it(title); // pending: the case's verdict is the strict webhook's, and this webhook does not give it yet
      continue;
    }
    it(`${verdict}: ${c.name}${update}`, () => {
      const viaPolicies = admit(crd, requestOf(table, c), policyAdmission(policies(), crd));
      expect(viaPolicies.allowed, describeOutcome(viaPolicies)).to.equal(c.verdict.allowed);
      if (!viaPolicies.allowed && viaPolicies.stage === 'validation' && !c.verdict.allowed) {
        expect(c.verdict.causes.map((cause) => `${cause.field}: ${cause.message}`)).to.include(viaPolicies.messages[0]);
      }
    });
    it(title, function () {
      const viaWebhook = admit(crd, requestOf(table, c), webhookAdmission(webhooks, install.webhookMutates));
      if (viaWebhook.allowed !== c.verdict.allowed) this.skip(); // pending until that change is merged (AdmissionCase.pending)
      expect(viaWebhook.allowed).to.equal(c.verdict.allowed);
    });
  }
}

/** listeners makes up Listeners around the rules: names that are labels or not (dots, past 63 characters), any host, port and Secret name. */
function listeners(): fc.Arbitrary<Record<string, any>> {
  const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'A', '0', '9', '-', '.', '_', ' ', '"', 'é'), maxLength: max });
  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
  const subdomain = fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?\.[a-z0-9]{1,4}$/), fc.stringMatching(/^[a-z0-9][-a-z0-9.]{58,66}[a-z0-9]$/));
  return fc.record(
    {
      name: fc.oneof(label, subdomain),
      host: fc.oneof(text(8), fc.stringMatching(/^[0-9][-a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9][-a-z0-9]{55,70}$/)),
      port: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.integer({ min: 65534, max: 65537 }), fc.integer()),
      routingKey: fc.constantFrom('', 'backend'),
      tlsCredentials: fc.oneof(text(6), fc.constant('t'.repeat(254))),
      type: fc.constantFrom('', 'tcp', 'udp'),
    },
    { requiredKeys: ['name', 'host', 'port', 'routingKey'] },
  ).map(({ name, ...spec }) => {
    const listener = validListener();
    listener['metadata'].name = name;
    listener['spec'] = spec;
    return listener;
  });
}

/** bindings makes up AttachedConnectorBindings: any connectorNamespace (the binding's own among them), routing key and generateName. */
function bindings(): fc.Arbitrary<Record<string, any>> {
  const namespace = fc.oneof(fc.constantFrom('', 'west', 'east', 'e'.repeat(64), 'east.west'), fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_'), maxLength: 6 }));
  return fc
    .record({ connectorNamespace: namespace, routingKey: fc.constantFrom('', 'backend'), generateName: fc.constantFrom(undefined, 'backend-', 'front-'), generated: fc.boolean() })
    .map(({ connectorNamespace, routingKey, generateName, generated }) => {
      const binding = validBinding();
      binding['spec'] = { connectorNamespace, routingKey };
      if (generateName !== undefined) {
        binding['metadata'].generateName = generateName;
        if (generated) delete binding['metadata'].name;
      }
      return binding;
    });
}

/**
 * requestFrom makes a CREATE of object or, given old, an UPDATE of old as the
 * API server stored it (a generated name filled in): to object, or, with
 * keepOld, to old with a label added, which leaves every field as it was.
 */
function requestFrom(kind: AdmissionRequest['kind'], object: Record<string, any>, old: Record<string, any> | undefined, keepOld: boolean): AdmissionRequest {
  const base = { uid: 'property', kind, namespace: object['metadata'].namespace as string };
  if (old === undefined) return { ...base, operation: 'CREATE', name: object['metadata'].name, object };
  const stored = structuredClone(old);
  stored['metadata'].name ??= `${stored['metadata'].generateName}x7k2p`;
  const updated = keepOld ? structuredClone(stored) : structuredClone(object);
  updated['metadata'].name = stored['metadata'].name;
  if (keepOld) updated['metadata'].labels = { touched: 'yes' };
  return { ...base, operation: 'UPDATE', name: stored['metadata'].name, object: updated, oldObject: stored };
}

/** itAgreesOnMadeUpObjects declares one property per guarded kind: on made-up objects, created or updated, the policies and webhooks agree (expectAgreement). */
function itAgreesOnMadeUpObjects(policies: () => AdmissionPolicies, webhooks: Webhooks, install: (typeof INSTALLS)[number]): void {
  const properties = [
    ['Listener', LISTENER_KIND, listeners()],
    ['AttachedConnectorBinding', BINDING_KIND, bindings()],
  ] as const;
  for (const [kind, gvk, arbitrary] of properties) {
    it(`gives the webhook's verdict on any ${kind}, created or updated from another, in the webhook's words`, () => {
      const crd = SKUPPER_CRDS[kind]!;
      fc.assert(
        fc.property(arbitrary, fc.option(arbitrary, { nil: undefined }), fc.boolean(), (object, old, keepOld) => {
          const request = requestFrom(gvk, object, old, keepOld);
          expectAgreement(admit(crd, request, policyAdmission(policies(), crd)), admit(crd, request, webhookAdmission(webhooks, install.webhookMutates)));
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  }
}

describe('manifests/policies against the webhook', () => {
  const stats: ExpressionStats[] = [];

  for (const install of INSTALLS) {
    describe(`${install.name}, beside the webhook installed the same way`, () => {
      let policies: AdmissionPolicies;
      before(async () => {
        policies = new AdmissionPolicies(await kustomize(install.dir));
      });
      after(() => stats.push(...policies.stats()));

      describe('Listener', () => describeCases(LISTENER_CASES, install, () => policies, strictWebhooks));
      describe('AttachedConnectorBinding', () => describeCases(BINDING_CASES, install, () => policies, strictWebhooks));

      describe('on objects made up around the rules', () => itAgreesOnMadeUpObjects(() => policies, strictWebhooks, install));
    });
  }

  describe('components/relaxed-service-names, beside the webhook run with --service-name-validation=relaxed', () => {
    let policies: AdmissionPolicies;
    before(async () => {
      policies = new AdmissionPolicies(await kustomize('test/fixtures/kustomize/policies-relaxed-service-names'));
    });
    after(() => stats.push(...policies.stats()));
    describe('the relaxed host cases', () => describeCases(LISTENER_RELAXED_HOST_CASES, INSTALLS[0], () => policies, relaxedWebhooks));
    // The strict table's verdicts are the strict rule's ('1db' is denied there): each case is held to the relaxed webhook's verdict instead.
    describe('every Listener case', () => describeCases(LISTENER_CASES, INSTALLS[0], () => policies, relaxedWebhooks, false));
    describe('on objects made up around the rules', () => itAgreesOnMadeUpObjects(() => policies, relaxedWebhooks, INSTALLS[0]));
  });

  describe('a value too long to quote', () => {
    let policies: AdmissionPolicies;
    before(async () => {
      policies = new AdmissionPolicies(await kustomize(RENDERINGS.policies));
    });
    it('is denied, the message naming the rule without the value, as the API server caps a message at 5 KiB', () => {
      const crd = SKUPPER_CRDS['Listener']!;
      const listener = validListener();
      listener['spec'].host = 'h'.repeat(6000);
      const request: AdmissionRequest = { uid: 'long', kind: LISTENER_KIND, operation: 'CREATE', name: 'backend', namespace: 'west', object: listener };
      const outcome = admit(crd, request, policyAdmission(policies, crd));
      expect(outcome).to.deep.include({ allowed: false, stage: 'validation' });
      expect((outcome as { messages: string[] }).messages).to.deep.equal([
        `spec.host: Invalid value: must be no more than 63 characters: ${HOST_REASON}`,
      ]);
      expect(admit(crd, request, webhookAdmission(strictWebhooks)).allowed).to.equal(false);
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
