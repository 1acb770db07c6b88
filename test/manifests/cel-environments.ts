/**
 * Test support: the CEL environments an admission policy's expressions run
 * in, as test/manifests/admission-policies.ts evaluates them with
 * @bufbuild/cel: standard CEL and the strings extension only, so that an
 * expression leaning on a Kubernetes-specific CEL library fails here rather
 * than passing unnoticed, and for mutations JSONPatch, the result type the
 * MutatingAdmissionPolicy API defines.
 */
import { type CelEnv, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { create, createFileRegistry } from '@bufbuild/protobuf';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema, file_google_protobuf_struct } from '@bufbuild/protobuf/wkt';

/** JSON_PATCH_FILE declares JSONPatch as the MutatingAdmissionPolicy API types it: op, path, from, and a value of any JSON. */
const JSON_PATCH_FILE = create(FileDescriptorProtoSchema, {
  name: 'jsonpatch.proto',
  syntax: 'proto3',
  dependency: ['google/protobuf/struct.proto'],
  messageType: [
    {
      name: 'JSONPatch',
      field: [
        { name: 'op', jsonName: 'op', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL },
        { name: 'path', jsonName: 'path', number: 2, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL },
        { name: 'from', jsonName: 'from', number: 3, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL },
        { name: 'value', jsonName: 'value', number: 4, type: FieldDescriptorProto_Type.MESSAGE, typeName: '.google.protobuf.Value', label: FieldDescriptorProto_Label.OPTIONAL },
      ],
    },
  ],
});
const JSON_PATCH_REGISTRY = createFileRegistry(JSON_PATCH_FILE, (name) => (name === 'google/protobuf/struct.proto' ? file_google_protobuf_struct : undefined));
/** JSON_PATCH is the JSONPatch message type, to read a mutation's results. */
export const JSON_PATCH = JSON_PATCH_REGISTRY.getMessage('JSONPatch')!;

/**
 * CACHED_RE2 is the RE2 engine @bufbuild/cel uses by default, compiling each
 * pattern once: the policies' patterns are constants matched thousands of
 * times, and the built-in `matches` compiles its pattern at every call.
 */
const CACHED_RE2: NonNullable<NonNullable<Parameters<typeof celEnv>[0]>['re2']> = (() => {
  const compiled = new Map<string, RE2JS>();
  return {
    compile(pattern: string) {
      let regex = compiled.get(pattern);
      if (regex === undefined) {
        regex = RE2JS.compile(pattern);
        compiled.set(pattern, regex);
      }
      return regex;
    },
  };
})();

/** VALIDATING_ENV binds standard CEL and the strings extension, as the API server does for every policy expression. */
export const VALIDATING_ENV = celEnv({ funcs: strings, re2: CACHED_RE2 });
/** MUTATING_ENV adds JSONPatch, for a MutatingAdmissionPolicy's mutations. */
export const MUTATING_ENV = celEnv({ funcs: strings, registry: JSON_PATCH_REGISTRY, re2: CACHED_RE2 });

/** Program is a compiled expression: bindings in, a CEL value out, or a PolicyEvaluationError thrown. */
export type Program = (bindings: Record<string, unknown>) => unknown;

/** PolicyEvaluationError is an expression the API server could not evaluate either (its policy would deny with an error). */
export class PolicyEvaluationError extends Error {
  override name = 'PolicyEvaluationError';
}

/** toCel turns decoded JSON into CEL input as the API server's unstructured decoding does: integral numbers are int64. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  // A key holding undefined is absent, as in the JSON the API server decodes.
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toCel(v)]));
  return value;
}

/** compile plans expression once; policy and what name it in errors. */
export function compile(env: CelEnv, policy: string, what: string, expression: string): Program {
  let program: ReturnType<typeof plan>;
  try {
    program = plan(env, parse(expression));
  } catch (e) {
    throw new PolicyEvaluationError(`${policy}: ${what} does not compile: ${(e as Error).message}\n  ${expression}`, { cause: e });
  }
  return (bindings) => {
    const result = program(bindings as never);
    if (isCelError(result)) throw new PolicyEvaluationError(`${policy}: ${what} fails: ${result.message}\n  ${expression}`);
    return result;
  };
}
