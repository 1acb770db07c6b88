/**
 * Test support: MutatingAdmissionPolicy and MutatingAdmissionPolicyBinding
 * checked against their API schema. The installed kubernetes-models (4.x, the
 * last for Node 20) has no class for them: its 5.x has them, from Kubernetes
 * 1.36, but needs Node 22. So the two objects' own fields are checked here by
 * a schema written from admissionregistration.k8s.io/v1 (the same fields as
 * v1beta1: GA changed none), and every part they share with
 * ValidatingAdmissionPolicy (matchConstraints, matchConditions, variables,
 * paramKind, a binding's matchResources and paramRef) by kubernetes-models'
 * own v1 classes. Unknown fields are caught separately, by the
 * @kubernetes/client-node types (api-schemas.test.ts).
 */
import { Ajv } from 'ajv';
import { MatchCondition } from 'kubernetes-models/admissionregistration.k8s.io/v1/MatchCondition';
import { MatchResources } from 'kubernetes-models/admissionregistration.k8s.io/v1/MatchResources';
import { ParamKind } from 'kubernetes-models/admissionregistration.k8s.io/v1/ParamKind';
import { ParamRef } from 'kubernetes-models/admissionregistration.k8s.io/v1/ParamRef';
import { Variable } from 'kubernetes-models/admissionregistration.k8s.io/v1/Variable';
import type { K8sObject } from './rendered-manifests.js';

/** MUTATING_POLICY_VERSIONS are the API versions that serve these kinds: v1 from 1.36, v1beta1 in 1.34 and 1.35 behind a feature gate. */
const MUTATING_POLICY_VERSIONS = ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'];

const expression = { type: 'object', additionalProperties: false, properties: { expression: { type: 'string' } } };
const envelope = (kind: string, spec: object) => ({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: MUTATING_POLICY_VERSIONS },
    kind: { const: kind },
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    spec,
  },
});

const ajv = new Ajv({ allErrors: true });
const SCHEMAS = {
  MutatingAdmissionPolicy: ajv.compile(
    envelope('MutatingAdmissionPolicy', {
      type: 'object',
      additionalProperties: false,
      properties: {
        failurePolicy: { enum: ['Fail', 'Ignore'] },
        reinvocationPolicy: { enum: ['IfNeeded', 'Never'] },
        matchConstraints: { type: 'object' },
        matchConditions: { type: 'array', maxItems: 64, items: { type: 'object' } },
        variables: { type: 'array', items: { type: 'object' } },
        paramKind: { type: 'object' },
        mutations: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['patchType'],
            properties: { patchType: { enum: ['ApplyConfiguration', 'JSONPatch'] }, applyConfiguration: expression, jsonPatch: expression },
          },
        },
      },
    }),
  ),
  MutatingAdmissionPolicyBinding: ajv.compile(
    envelope('MutatingAdmissionPolicyBinding', {
      type: 'object',
      additionalProperties: false,
      properties: { policyName: { type: 'string', minLength: 1 }, paramRef: { type: 'object' }, matchResources: { type: 'object' } },
    }),
  ),
};

function modelProblems(what: string, validate: () => void): string[] {
  try {
    validate();
    return [];
  } catch (e) {
    return [`${what}: ${(e as Error).message}`];
  }
}

/** isMutatingAdmissionPolicyKind says whether o is one of the kinds checked here. */
export function isMutatingAdmissionPolicyKind(o: K8sObject): boolean {
  return o.kind in SCHEMAS && MUTATING_POLICY_VERSIONS.includes(o.apiVersion);
}

/** mutatingAdmissionPolicyProblems says what is wrong with o, a MutatingAdmissionPolicy or its binding; [] when nothing is. */
export function mutatingAdmissionPolicyProblems(o: K8sObject): string[] {
  const validate = SCHEMAS[o.kind as keyof typeof SCHEMAS];
  const problems = validate(o) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
  const spec = o['spec'] ?? {};
  const parts: Array<[string, unknown, new (data: never) => { validate(): void }]> = [
    ['spec.matchConstraints', spec.matchConstraints, MatchResources],
    ['spec.matchResources', spec.matchResources, MatchResources],
    ['spec.paramKind', spec.paramKind, ParamKind],
    ['spec.paramRef', spec.paramRef, ParamRef],
    ...((spec.matchConditions ?? []) as unknown[]).map((c, i): [string, unknown, typeof MatchCondition] => [`spec.matchConditions[${i}]`, c, MatchCondition]),
    ...((spec.variables ?? []) as unknown[]).map((v, i): [string, unknown, typeof Variable] => [`spec.variables[${i}]`, v, Variable]),
  ];
  for (const [what, value, Model] of parts) {
    if (value !== undefined) problems.push(...modelProblems(what, () => new Model(value as never).validate()));
  }
  return problems.map((p) => `${o.kind} ${o.metadata.name}: ${p}`);
}
