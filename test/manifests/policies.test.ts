/**
 * manifests/policies as `kubectl kustomize` renders it: policies scoped and
 * bound as the webhook configurations are, components that change only what
 * they say, and CEL that any conforming evaluator reads as the API server
 * does (standard CEL and the strings extension; regular expressions that mean
 * the same in RE2 and JavaScript). Their verdicts are compared with the
 * webhook's in policies-agreement.test.ts and mutating-policy.test.ts.
 */
import { RE2JS } from '@bufbuild/re2';
import { expect } from 'chai';
import fc from 'fast-check';
import { celUsage } from './cel-ast.js';
import { find, type K8sObject, kustomize, RENDERINGS } from './rendered-manifests.js';

/** STANDARD_FUNCTIONS are CEL's standard operators and functions that a policy may call. */
const STANDARD_FUNCTIONS = [
  '_&&_', '_||_', '!_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_', '-_', '_?_:_', '_[_]', '@in',
  '@not_strictly_false', 'size', 'matches', 'contains', 'startsWith', 'endsWith', 'string', 'bytes', 'int', 'uint', 'double', 'bool', 'type', 'dyn',
];
/** STRINGS_EXTENSION are the functions of cel-go's strings extension at version 2, which Kubernetes binds from 1.29 on. */
const STRINGS_EXTENSION = ['charAt', 'indexOf', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'replace', 'split', 'substring', 'trim', 'join', 'format', 'strings.quote'];
/** VARIABLES are what an admission policy's expressions may read. */
const VARIABLES = ['object', 'oldObject', 'request', 'variables'];

/** REGEX_RUNS is how many strings each regular expression is tried on in both engines: a few hundred reach every branch of these small grammars. */
const REGEX_RUNS = 500;

/** POLICY_KINDS pair each policy kind with its binding and the webhook configuration it stands for. */
const POLICY_KINDS = [
  { policy: 'ValidatingAdmissionPolicy', binding: 'ValidatingAdmissionPolicyBinding', webhooks: 'ValidatingWebhookConfiguration' },
  { policy: 'MutatingAdmissionPolicy', binding: 'MutatingAdmissionPolicyBinding', webhooks: 'MutatingWebhookConfiguration' },
] as const;

/** Expression is one CEL expression of a rendered policy, and whether it is a mutation's. */
interface Expression {
  where: string;
  source: string;
  mutation: boolean;
}

function expressionsOf(policy: K8sObject): Expression[] {
  const spec = policy['spec'];
  const where = (what: string) => `${policy.kind} ${policy.metadata.name}: ${what}`;
  const list: Expression[] = [];
  for (const c of spec.matchConditions ?? []) list.push({ where: where(`matchCondition ${c.name}`), source: c.expression, mutation: false });
  for (const v of spec.variables ?? []) list.push({ where: where(`variable ${v.name}`), source: v.expression, mutation: false });
  (spec.validations ?? []).forEach((v: Record<string, string>, i: number) => {
    list.push({ where: where(`validation ${i}`), source: v['expression']!, mutation: false });
    if (v['messageExpression'] !== undefined) list.push({ where: where(`messageExpression ${i}`), source: v['messageExpression'], mutation: false });
  });
  (spec.mutations ?? []).forEach((m: { jsonPatch?: { expression: string }; applyConfiguration?: { expression: string } }, i: number) => {
    list.push({ where: where(`mutation ${i}`), source: (m.jsonPatch ?? m.applyConfiguration)!.expression, mutation: true });
  });
  return list;
}

describe('manifests/policies', () => {
  let policies: K8sObject[];
  let webhook: K8sObject[];
  before(async () => {
    [policies, webhook] = await Promise.all([kustomize(RENDERINGS.policies), kustomize(RENDERINGS.base)]);
  });

  for (const kinds of POLICY_KINDS) {
    describe(`each ${kinds.policy}`, () => {
      it(`stands for one webhook of the ${kinds.webhooks}, of the same name, and matches what it matches`, () => {
        const entries = find(webhook, kinds.webhooks)['webhooks'] as Array<Record<string, any>>;
        const ofKind = policies.filter((o) => o.kind === kinds.policy);
        expect(ofKind.map((p) => p.metadata.name).sort()).to.deep.equal(entries.map((w) => w['name']).sort());
        for (const policy of ofKind) {
          const entry = entries.find((w) => w['name'] === policy.metadata.name)!;
          const spec = policy['spec'];
          expect(spec.matchConstraints, policy.metadata.name).to.deep.equal({ matchPolicy: entry['matchPolicy'], namespaceSelector: entry['namespaceSelector'], resourceRules: entry['rules'] });
          expect(spec.failurePolicy, policy.metadata.name).to.equal(entry['failurePolicy']);
          if (kinds.policy === 'MutatingAdmissionPolicy') expect(spec.reinvocationPolicy, policy.metadata.name).to.equal(entry['reinvocationPolicy']);
        }
      });

      it(`has one ${kinds.binding} of the same name, binding it everywhere it matches${kinds.policy === 'ValidatingAdmissionPolicy' ? ', to deny' : ''}`, () => {
        for (const policy of policies.filter((o) => o.kind === kinds.policy)) {
          const bindings = policies.filter((o) => o.kind === kinds.binding && o['spec'].policyName === policy.metadata.name);
          const spec = kinds.policy === 'ValidatingAdmissionPolicy' ? { policyName: policy.metadata.name, validationActions: ['Deny'] } : { policyName: policy.metadata.name };
          expect(bindings.map((b) => ({ name: b.metadata.name, spec: b['spec'] }))).to.deep.equal([{ name: policy.metadata.name, spec }]);
        }
      });
    });
  }

  it('denies with reason Invalid, and a message or messageExpression, on every validation', () => {
    const validations = policies.filter((o) => o.kind === 'ValidatingAdmissionPolicy').flatMap((o) => o['spec'].validations as Array<Record<string, string>>);
    expect(validations).to.not.be.empty;
    for (const v of validations) {
      expect(v['reason'], v['expression']).to.equal('Invalid');
      expect(v['message'] ?? v['messageExpression'], v['expression']).to.be.a('string');
    }
  });

  describe('its CEL', () => {
    let expressions: Expression[];
    before(async () => {
      const relaxed = await kustomize(RENDERINGS['policies with relaxed Service names']);
      const all = [...policies, ...relaxed].filter((o) => o.kind.endsWith('AdmissionPolicy'));
      expressions = all.flatMap(expressionsOf);
    });

    it('calls only standard CEL and the strings extension, which any conforming evaluator binds', () => {
      const allowed = new Set([...STANDARD_FUNCTIONS, ...STRINGS_EXTENSION]);
      const outside = expressions.flatMap((e) => [...celUsage(e.source).functions].filter((f) => !allowed.has(f)).map((f) => `${e.where}: ${f}`));
      expect(outside).to.deep.equal([]);
    });

    it('reads only the admission variables, and constructs nothing but the JSONPatch results of a mutation', () => {
      const problems = expressions.flatMap((e) => {
        const usage = celUsage(e.source);
        const roots = [...usage.values, ...usage.operands].map((path) => path.split('.')[0]!).filter((root) => !VARIABLES.includes(root));
        const messages = [...usage.messages].filter((m) => !(e.mutation && m === 'JSONPatch'));
        return [...roots, ...messages].map((what) => `${e.where}: ${what}`);
      });
      expect(problems).to.deep.equal([]);
    });

    it('matches only regular expressions that mean the same in RE2 and in JavaScript', () => {
      const patterns = [...new Set(expressions.flatMap((e) => [...celUsage(e.source).patterns]))];
      expect(patterns.length).to.be.greaterThan(3);
      const text = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', 'A', '-', '.', '_', '\n', 'é', '\u{1F600}', 'b', 'x', '2'), maxLength: 12 });
      for (const pattern of patterns) {
        const re2 = RE2JS.compile(pattern);
        const js = new RegExp(pattern);
        fc.assert(
          fc.property(fc.oneof(text, fc.stringMatching(js)), (s) => re2.test(s) === js.test(s)),
          { numRuns: REGEX_RUNS },
        );
      }
    });
  });

  it('beside the webhook (the README\'s overlay), keeps denying while the webhook fails open', async () => {
    const both = await kustomize(RENDERINGS['webhook and policies']);
    const failurePolicies = (kind: string) => both.filter((o) => o.kind === kind).flatMap((o) => (o['webhooks'] ?? [o['spec']]).map((w: Record<string, string>) => w['failurePolicy']));
    expect(failurePolicies('ValidatingWebhookConfiguration')).to.deep.equal(Array(5).fill('Ignore'));
    expect(failurePolicies('MutatingWebhookConfiguration')).to.deep.equal(Array(3).fill('Ignore'));
    expect(failurePolicies('ValidatingAdmissionPolicy')).to.deep.equal(Array(5).fill('Fail'));
    expect(failurePolicies('MutatingAdmissionPolicy')).to.deep.equal(Array(3).fill('Fail'));
    expect(both.filter((o) => o.kind.endsWith('AdmissionPolicy') || o.kind.endsWith('AdmissionPolicyBinding'))).to.deep.equal(
      policies.filter((o) => o.kind.endsWith('AdmissionPolicy') || o.kind.endsWith('AdmissionPolicyBinding')),
    );
  });

  describe('its components', () => {
    const rendered: Record<string, K8sObject[]> = {};
    before(async () => {
      for (const name of ['policies with relaxed Service names', 'policies with MutatingAdmissionPolicy v1beta1', 'validating policies only'] as const) {
        rendered[name] = await kustomize(RENDERINGS[name]);
      }
    });
    const others = (objects: K8sObject[], changed: (o: K8sObject) => boolean) => objects.filter((o) => !changed(o));
    const isMutating = (o: K8sObject) => o.kind.startsWith('MutatingAdmissionPolicy');

    it("relaxed-service-names changes only the Listener and MultiKeyListener policies' choice of Service name rule", () => {
      const relaxed = rendered['policies with relaxed Service names']!;
      const names = ['listeners.skupper-webhook.skupper.io', 'multikeylisteners.skupper-webhook.skupper.io'];
      for (const name of names) {
        const expected = structuredClone(find(policies, 'ValidatingAdmissionPolicy', name));
        expect(expected['spec'].variables[0]).to.deep.equal({ name: 'serviceNameValidation', expression: "'strict'" });
        expected['spec'].variables[0].expression = "'relaxed'";
        expect(find(relaxed, 'ValidatingAdmissionPolicy', name)).to.deep.equal(expected);
      }
      const isOne = (o: K8sObject) => o.kind === 'ValidatingAdmissionPolicy' && names.includes(o.metadata.name);
      expect(others(relaxed, isOne)).to.deep.equal(others(policies, isOne));
    });

    it('mutating-v1beta1 serves the mutating policies and their bindings as v1beta1, and nothing else changes', () => {
      const beta = rendered['policies with MutatingAdmissionPolicy v1beta1']!;
      expect(beta.filter(isMutating)).to.deep.equal(policies.filter(isMutating).map((o) => ({ ...o, apiVersion: 'admissionregistration.k8s.io/v1beta1' })));
      expect(others(beta, isMutating)).to.deep.equal(others(policies, isMutating));
    });

    it('validating-only leaves out the mutating policies and their bindings, and nothing else', () => {
      expect(rendered['validating policies only']).to.deep.equal(others(policies, isMutating));
    });
  });
});
