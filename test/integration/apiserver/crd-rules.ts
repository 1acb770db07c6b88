/**
 * What a CRD's structural schema says beyond the keywords ajv reads, as the
 * API server checks it after the schema (apiextensions-apiserver's
 * customresource strategy): no item twice in an x-kubernetes-list-type set,
 * and the x-kubernetes-validations CEL rules, evaluated with @bufbuild/cel
 * (standard CEL, which is all these CRDs' rules use). A rule runs where its
 * field is present; on UPDATE one that reads oldSelf (a transition rule)
 * runs only where the stored object has the field, and one that does not is
 * ratcheted: not applied to a field the update left as it was. Rules under
 * list items or map values are not modelled: such a CRD throws.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from './crds.js';
import { duplicate, type FieldError, ruleFailed } from './field-errors.js';

const ENV = celEnv();

interface Rule {
  path: string[];
  message: string;
  transition: boolean;
  run: ReturnType<typeof plan>;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) value = isMap(value) ? value[key] : undefined;
  return value;
}

/** toCel gives CEL what the API server's unstructured values are: whole numbers are int64. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return value;
}

/** CrdRules checks one kind's objects against its list sets and CEL rules. */
export class CrdRules {
  private readonly rules: Rule[] = [];
  private readonly sets: string[][] = [];

  constructor(schema: JsonSchema) {
    this.collect(schema, []);
  }

  private collect(schema: JsonSchema, path: string[]): void {
    for (const { rule, message } of (schema['x-kubernetes-validations'] ?? []) as Array<{ rule: string; message: string }>) {
      this.rules.push({ path, message, transition: rule.includes('oldSelf'), run: plan(ENV, parse(rule)) });
    }
    if (schema['x-kubernetes-list-type'] === 'set') this.sets.push(path);
    for (const key of ['items', 'additionalProperties']) {
      const child = schema[key];
      if (isMap(child) && /x-kubernetes-(validations|list-type)/.test(JSON.stringify(child))) throw new Error(`the stand-in API server does not model list sets or CEL rules under ${key} (at ${path.join('.')})`);
    }
    for (const [name, child] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>)) this.collect(child, [...path, name]);
  }

  /** fieldErrors returns the set and rule failures of object, an UPDATE's stored object being oldObject. */
  fieldErrors(object: unknown, oldObject: unknown): FieldError[] {
    const errors: FieldError[] = [];
    for (const path of this.sets) {
      const list = valueAt(object, path);
      if (!Array.isArray(list)) continue;
      // Each repeated value once, at its second place, as ValidateListSetsAndMaps reports it.
      list.forEach((item, i) => {
        if (list.slice(0, i).filter((other) => isDeepStrictEqual(other, item)).length === 1) errors.push(duplicate(`${path.join('.')}[${i}]`, item));
      });
    }
    for (const rule of this.rules) {
      const self = valueAt(object, rule.path);
      if (self === undefined) continue;
      const old = oldObject === null || oldObject === undefined ? undefined : valueAt(oldObject, rule.path);
      if (rule.transition ? old === undefined : old !== undefined && isDeepStrictEqual(self, old)) continue;
      const result = rule.run({ self: toCel(self), ...(rule.transition ? { oldSelf: toCel(old) } : {}) } as never);
      if (isCelError(result)) throw new Error(`the stand-in API server could not evaluate a CEL rule on ${rule.path.join('.')}: ${result.message}`);
      if (result !== true) errors.push(ruleFailed(rule.path.join('.'), self, rule.message));
    }
    return errors;
  }
}
