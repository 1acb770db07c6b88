/**
 * Test support: the rendered ValidatingAdmissionPolicies and
 * MutatingAdmissionPolicies of manifests/policies, evaluated as the API
 * server evaluates them, with @bufbuild/cel (a conforming CEL evaluator with
 * the strings extension and an RE2 engine), in cel-environments.ts.
 *
 * What it models (k8s.io/apiserver/pkg/admission/plugin/policy): the
 * matchConstraints (resource, operation, a namespaceSelector on the
 * kubernetes.io/metadata.name label every namespace carries), then every
 * matchCondition, then the variables, then every validation; the request is
 * denied with the first failing validation's message (messageExpression
 * first). Where the API server would fail the evaluation, this throws, so
 * that a test shows the expression and the case: every policy here is
 * failurePolicy Fail, but an evaluation error is a bug in a policy, never a
 * verdict to agree with.
 */
import { type CelEnv, type CelValue, isCelList } from '@bufbuild/cel';
import { toJson } from '@bufbuild/protobuf';
import { isReflectMessage } from '@bufbuild/protobuf/reflect';
import type { AdmissionRequest, JsonPatchOperation } from '../../src/core/review.js';
import { type CelUsage, celUsage } from './cel-ast.js';
import { compile, JSON_PATCH, MUTATING_ENV, type Program, PolicyEvaluationError, toCel, VALIDATING_ENV } from './cel-environments.js';
import type { K8sObject } from './rendered-manifests.js';

const ADMISSION_GROUP = 'admissionregistration.k8s.io';

/** MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES is the API server's celconfig limit on a messageExpression's result. */
const MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES = 5 * 1024;

/** ExpressionStats counts how often an expression came out true and false, so a test can find a rule no case decides. */
export interface ExpressionStats {
  policy: string;
  what: string;
  expression: string;
  outcomes: { true: number; false: number };
}

/** Scope is what a policy's matchConstraints match: resources, operations and namespaces. */
interface Scope {
  resources: Set<string>;
  operations: Set<string>;
  namespaces: (namespace: string | undefined) => boolean;
}

function scopeOf(policy: K8sObject): Scope {
  const constraints = policy['spec'].matchConstraints;
  const rules = constraints.resourceRules as Array<{ apiGroups: string[]; resources: string[]; operations: string[] }>;
  const resources = new Set(rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))));
  const operations = new Set(rules.flatMap((r) => r.operations));
  const expressions = (constraints.namespaceSelector?.matchExpressions ?? []) as Array<{ key: string; operator: string; values: string[] }>;
  if (constraints.namespaceSelector?.matchLabels) throw new Error(`${policy.metadata.name}: this model reads matchExpressions only`);
  const namespaces = (namespace: string | undefined) =>
    expressions.every(({ key, operator, values }) => {
      if (key !== 'kubernetes.io/metadata.name' || (operator !== 'In' && operator !== 'NotIn')) {
        throw new Error(`${policy.metadata.name}: this model reads In and NotIn on kubernetes.io/metadata.name only`);
      }
      return values.includes(namespace ?? '') === (operator === 'In');
    });
  return { resources, operations, namespaces };
}

/** Named is a compiled expression with the stats of its outcomes. */
interface Named {
  name: string;
  run: Program;
  stats: ExpressionStats;
}

/** PolicyRequest is what an evaluation reads: the request, with its object as the API server has it by then. */
export interface PolicyRequest {
  request: AdmissionRequest;
  /** resource is the request's resource, such as skupper.io/listeners. */
  resource: string;
}

/** compiledPolicy is what every kind of policy shares: its scope, match conditions and variables. */
class CompiledPolicy {
  readonly name: string;
  readonly stats: ExpressionStats[] = [];
  private readonly scope: Scope;
  private readonly conditions: Named[];
  private readonly variables: Named[];

  constructor(protected readonly object: K8sObject, protected readonly env: CelEnv) {
    this.name = object.metadata.name;
    this.scope = scopeOf(object);
    const spec = object['spec'];
    this.conditions = (spec.matchConditions ?? []).map((c: { name: string; expression: string }) => this.named(`matchCondition ${c.name}`, c.expression));
    this.variables = (spec.variables ?? []).map((v: { name: string; expression: string }) => this.named(v.name, v.expression));
  }

  protected named(what: string, expression: string): Named {
    const stats = { policy: this.name, what, expression, outcomes: { true: 0, false: 0 } };
    this.stats.push(stats);
    return { name: what, run: compile(this.env, this.name, what, expression), stats };
  }

  /** inScope says whether the request is one the policy's matchConstraints match. */
  inScope({ request, resource }: PolicyRequest): boolean {
    return this.scope.resources.has(resource) && this.scope.operations.has(request.operation) && this.scope.namespaces(request.namespace);
  }

  /** bindings returns the CEL variables of a request this policy applies to, or undefined when it does not apply. */
  protected bindings(policyRequest: PolicyRequest): Record<string, unknown> | undefined {
    if (!this.inScope(policyRequest)) return undefined;
    const { request } = policyRequest;
    const bindings: Record<string, unknown> = {
      object: toCel(request.object ?? null),
      oldObject: toCel(request.oldObject ?? null),
      request: toCel({ uid: request.uid, kind: request.kind, name: request.name ?? '', namespace: request.namespace ?? '', operation: request.operation, dryRun: request.dryRun ?? false }),
      params: null,
      namespaceObject: null,
    };
    for (const condition of this.conditions) if (!bool(condition, bindings)) return undefined;
    // The API server evaluates variables lazily; this evaluates them all, in order, so a variable that fails is a failure here even if unused.
    const variables: Record<string, unknown> = {};
    bindings['variables'] = variables;
    for (const variable of this.variables) variables[variable.name] = variable.run(bindings);
    return bindings;
  }
}

function bool(expression: Named, bindings: Record<string, unknown>): boolean {
  const result = expression.run(bindings);
  if (typeof result !== 'boolean') throw new PolicyEvaluationError(`${expression.stats.policy}: ${expression.name} is not a bool: ${String(result)}`);
  expression.stats.outcomes[result ? 'true' : 'false']++;
  return result;
}

/** PolicyDenial is a ValidatingAdmissionPolicy's denial: its reason and the first failing validation's message. */
export interface PolicyDenial {
  policy: string;
  reason: string;
  message: string;
}

class ValidatingPolicy extends CompiledPolicy {
  private readonly validations: Array<Named & { reason: string; message?: string; messageExpression?: Program }>;

  constructor(object: K8sObject) {
    super(object, VALIDATING_ENV);
    this.validations = (object['spec'].validations as Array<{ expression: string; reason?: string; message?: string; messageExpression?: string }>).map((v, i) => ({
      ...this.named(`validation ${i}`, v.expression),
      reason: v.reason ?? 'Invalid',
      message: v.message,
      messageExpression: v.messageExpression === undefined ? undefined : compile(this.env, this.name, `messageExpression ${i}`, v.messageExpression),
    }));
  }

  /** validate returns the denial, or undefined when the request passes (or the policy does not apply). */
  validate(request: PolicyRequest): PolicyDenial | undefined {
    const bindings = this.bindings(request);
    if (bindings === undefined) return undefined;
    const failed = this.validations.filter((v) => !bool(v, bindings));
    const first = failed[0];
    if (first === undefined) return undefined;
    // As validating/validator.go: a messageExpression's result is trimmed, and set aside for message (or the expression) when empty, too long or multi-line.
    let message = first.messageExpression ? String(first.messageExpression(bindings)).trim() : '';
    if (Buffer.byteLength(message) > MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES || message.includes('\n')) message = '';
    if (message === '') message = first.message?.trim() || `failed expression: ${first.stats.expression.trim()}`;
    return { policy: this.name, reason: first.reason, message };
  }
}

class MutatingPolicy extends CompiledPolicy {
  private readonly mutations: Named[];

  constructor(object: K8sObject) {
    super(object, MUTATING_ENV);
    this.mutations = (object['spec'].mutations as Array<{ patchType: string; jsonPatch?: { expression: string } }>).map((m, i) => {
      if (m.patchType !== 'JSONPatch' || !m.jsonPatch) throw new Error(`${this.name}: this model evaluates JSONPatch mutations only`);
      return this.named(`mutation ${i}`, m.jsonPatch.expression);
    });
  }

  /** mutate returns the JSON Patch operations the policy makes, or undefined when it does not apply. */
  mutate(request: PolicyRequest): JsonPatchOperation[] | undefined {
    const bindings = this.bindings(request);
    if (bindings === undefined) return undefined;
    return this.mutations.flatMap((mutation) => {
      const result = mutation.run(bindings) as CelValue;
      if (!isCelList(result)) throw new PolicyEvaluationError(`${this.name}: ${mutation.name} is not a list of JSONPatch`);
      return [...result].map((patch) => {
        if (!isReflectMessage(patch, JSON_PATCH)) throw new PolicyEvaluationError(`${this.name}: ${mutation.name} yields something other than JSONPatch`);
        return toJson(JSON_PATCH, patch.message) as unknown as JsonPatchOperation;
      });
    });
  }
}

/** AdmissionPolicies is every policy of one rendering, ready to evaluate. */
export class AdmissionPolicies {
  private readonly validating: ValidatingPolicy[];
  private readonly mutating: MutatingPolicy[];

  constructor(rendered: readonly K8sObject[]) {
    const of = (kind: string) => rendered.filter((o) => o.kind === kind && o.apiVersion.startsWith(`${ADMISSION_GROUP}/`));
    this.validating = of('ValidatingAdmissionPolicy').map((o) => new ValidatingPolicy(o));
    this.mutating = of('MutatingAdmissionPolicy').map((o) => new MutatingPolicy(o));
  }

  /** validate returns the first denial of any policy, as the API server reports it, or undefined. */
  validate(request: PolicyRequest): PolicyDenial | undefined {
    const denials = this.validating.map((p) => p.validate(request)).filter((d) => d !== undefined);
    return denials[0];
  }

  /** mutate returns the operations of every mutating policy that applies, in order. */
  mutate(request: PolicyRequest): JsonPatchOperation[] {
    return this.mutating.flatMap((p) => p.mutate(request) ?? []);
  }

  /**
   * mutatingReads lists what the mutating policies in scope of request read
   * of it: the expressions' selections (celUsage), to tell which values of
   * the wrong type a policy would meet.
   */
  mutatingReads(request: PolicyRequest): CelUsage[] {
    return this.mutating.filter((p) => p.inScope(request)).flatMap((p) => p.stats.map((s) => celUsage(s.expression)));
  }

  /** stats lists every expression with how often it came out true and false. */
  stats(): ExpressionStats[] {
    return [...this.validating, ...this.mutating].flatMap((p) => p.stats);
  }
}
