/**
 * Test support: what the API server does with a CREATE or UPDATE of a Skupper
 * custom resource around admission, so that the webhook and the policies are
 * compared where they really run. In order (apiextensions-apiserver and
 * k8s.io/apiserver's create and update handlers):
 *
 * 1. decode: unknown fields are pruned, and so is a null in a field the CRD
 *    declares; an object without a namespace gets the request's;
 * 2. mutating admission (the mutating webhook, or the MutatingAdmissionPolicy);
 * 3. on CREATE, a name is made of generateName; on UPDATE, status is kept as
 *    stored (the status subresource owns it); then the CRD's structural schema
 *    (with x-kubernetes-list-type set: no item twice), its CEL rules
 *    (x-kubernetes-validations), and every object's metadata checks
 *    (DNS-1123 subdomain names);
 * 4. validating admission (the validating webhook, or the
 *    ValidatingAdmissionPolicies).
 *
 * Not modelled: CRD validation ratcheting of the structural schema (no case
 * changes a value's type on UPDATE; a CEL rule is ratcheted, as below),
 * managedFields, resourceVersion, and reinvocation (every mutation here is
 * idempotent).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import jsonPatch from 'fast-json-patch';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { AdmissionRequest, JsonPatchOperation } from '../../src/core/review.js';
import { metadataNameErrors } from '../../src/validation/object-meta.js';
import { compile, type Program, toCel, VALIDATING_ENV } from './cel-environments.js';

/** CelRule is one of a CRD's x-kubernetes-validations rules, at the field it sits on. */
interface CelRule {
  /** path names the field, from the object's root ("spec", "strategy"). */
  path: string[];
  message: string;
  run: Program;
  /** transition is a rule that reads oldSelf: it runs only on an UPDATE whose old object has the field, and is never ratcheted. */
  transition: boolean;
}

/** CustomResource is a CRD as the API server uses it: its names, its structural schema and its CEL rules. */
export interface CustomResource {
  kind: string;
  /** resource is group/plural, as admission rules name it. */
  resource: string;
  schema: Record<string, any>;
  check: ValidateFunction;
  rules: CelRule[];
}

// The CRDs' vendor extensions (x-kubernetes-*) and formats mean nothing to ajv; the API server's own format checks are not modelled.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

/** withSets is schema with uniqueItems on every x-kubernetes-list-type set, which the API server checks and ajv would not read. */
function withSets(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withSets);
  if (!isMap(schema)) return schema;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withSets(v)]));
  if (schema['x-kubernetes-list-type'] === 'set') copy['uniqueItems'] = true;
  return copy;
}

/** celRules collects the x-kubernetes-validations of schema and of its properties, compiled; under items or map values they are not modelled. */
function celRules(kind: string, schema: Record<string, any>, path: string[] = []): CelRule[] {
  const own = ((schema['x-kubernetes-validations'] ?? []) as Array<{ rule: string; message: string }>).map(({ rule, message }) => {
    if (path.length === 0) throw new Error(`${kind}: this model evaluates CEL rules on fields only`);
    return { path, message, run: compile(VALIDATING_ENV, kind, `x-kubernetes-validations on ${path.join('.')}`, rule), transition: rule.includes('oldSelf') };
  });
  for (const key of ['items', 'additionalProperties']) {
    if (isMap(schema[key]) && JSON.stringify(schema[key]).includes('x-kubernetes-validations')) throw new Error(`${kind}: this model evaluates CEL rules on fields only`);
  }
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, any>>;
  return own.concat(Object.entries(properties).flatMap(([name, child]) => celRules(kind, child, [...path, name])));
}

/** loadCustomResource reads a CRD file and compiles its (only) version's schema and CEL rules. */
export function loadCustomResource(file: URL): CustomResource {
  const crd = parseYaml(readFileSync(file, 'utf8'));
  const schema = crd.spec.versions[0].schema.openAPIV3Schema;
  const kind = crd.spec.names.kind;
  return { kind, resource: `${crd.spec.group}/${crd.spec.names.plural}`, schema, check: ajv.compile(withSets(schema) as object), rules: celRules(kind, schema) };
}

/** RAND_SUFFIX is five characters of apimachinery's rand.String alphabet, standing for the random part of a generated name. */
const RAND_SUFFIX = 'x7k2p';
/** MAX_GENERATE_NAME_PREFIX is apimachinery's maxGeneratedNameLength: 63 less the five random characters. */
const MAX_GENERATE_NAME_PREFIX = 58;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** prune drops what the CRD's structural schema does not declare, and nulls in what it does (none of these fields is nullable). */
function prune(schema: Record<string, any> | undefined, value: unknown): unknown {
  if (schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
  if (Array.isArray(value)) return value.map((item) => prune(schema['items'], item));
  if (!isMap(value)) return value;
  const properties = schema['properties'] as Record<string, any> | undefined;
  const additional = schema['additionalProperties'];
  if (properties === undefined && typeof additional !== 'object') return value; // an open object, such as metadata
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties?.[key] ?? (typeof additional === 'object' ? additional : undefined);
    if (childSchema === undefined || (child === null && childSchema['nullable'] !== true)) continue;
    kept[key] = prune(childSchema, child);
  }
  return kept;
}

/** decode is what the API server makes of a request body: pruned, and in the request's namespace. */
export function decode(crd: CustomResource, object: unknown, namespace: string | undefined): Record<string, any> {
  const { apiVersion, kind, metadata, ...rest } = object as Record<string, any>;
  const decoded = { apiVersion, kind, metadata: { ...metadata }, ...(prune(crd.schema, rest) as object) } as Record<string, any>;
  if (decoded['metadata'].namespace === undefined && namespace) decoded['metadata'].namespace = namespace;
  return decoded;
}

/** typeErrors lists the fields whose value is not of the CRD's type, as CEL paths ("object.spec.port"). */
export function typeErrors(crd: CustomResource, object: unknown): string[] {
  crd.check(object);
  const paths = (crd.check.errors ?? []).filter((e) => e.keyword === 'type').map((e) => `object${e.instancePath.replaceAll('/', '.')}`);
  return [...new Set(paths)];
}

function valueAt(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) value = isMap(value) ? value[key] : undefined;
  return value;
}

/**
 * celRuleErrors evaluates the CRD's CEL rules as the API server does: a rule
 * runs where its field is present; on UPDATE, one that does not read oldSelf
 * is ratcheted (not applied to a field left as it was, KEP-4008), and one
 * that does runs only where the old object has the field.
 */
function celRuleErrors(crd: CustomResource, object: unknown, oldObject: unknown): string[] {
  return crd.rules.flatMap((rule) => {
    const self = valueAt(object, rule.path);
    if (self === undefined) return [];
    const old = oldObject === undefined ? undefined : valueAt(oldObject, rule.path);
    if (rule.transition ? old === undefined : old !== undefined && isDeepStrictEqual(self, old)) return [];
    const passed = rule.run({ self: toCel(self), ...(rule.transition ? { oldSelf: toCel(old) } : {}) });
    return passed === true ? [] : [`${rule.path.join('.')}: Invalid value: ${rule.message}`];
  });
}

/**
 * schemaErrors lists what the CRD's structural schema and CEL rules, and the
 * metadata checks, refuse, as the API server checks before validating
 * admission; oldObject is the stored object of an UPDATE.
 */
export function schemaErrors(crd: CustomResource, object: unknown, oldObject?: unknown): string[] {
  const errors = crd.check(object) ? [] : crd.check.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`);
  if (errors.length === 0) errors.push(...celRuleErrors(crd, object, oldObject));
  return errors.concat(metadataNameErrors(object).map((e) => `${e.field}: ${e.detail}`));
}

/** UntypableObjectError is a mutating policy that cannot run because the object does not fit the CRD's types. */
export class UntypableObjectError extends Error {
  override name = 'UntypableObjectError';
}

/** Admission is one way to install admission: how it mutates, and what it denies a request for (one line per field, "field: message"), or undefined to admit. */
export interface Admission {
  mutate(request: AdmissionRequest): JsonPatchOperation[];
  validate(request: AdmissionRequest): string[] | undefined;
}

/** Outcome is what becomes of a request: the object stored, or the stage that refused it and why. */
export type Outcome =
  | { allowed: true; object: Record<string, any> }
  | { allowed: false; stage: 'mutation' | 'schema' | 'validation'; messages: string[] };

/** admit runs request through the API server's steps with admission. */
export function admit(crd: CustomResource, request: AdmissionRequest, admission: Admission): Outcome {
  const object = decode(crd, request.object, request.namespace);
  const oldObject = request.oldObject === undefined ? undefined : decode(crd, request.oldObject, request.namespace);
  const decoded: AdmissionRequest = { ...request, object, ...(oldObject ? { oldObject } : {}) };
  let mutated: Record<string, any>;
  try {
    const patch = admission.mutate(decoded);
    mutated = patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
  } catch (e) {
    if (e instanceof UntypableObjectError || e instanceof jsonPatch.JsonPatchError) return { allowed: false, stage: 'mutation', messages: [(e as Error).message] };
    throw e;
  }
  const stored = structuredClone(mutated);
  const metadata = stored['metadata'];
  if (request.operation === 'CREATE' && !metadata.name && metadata.generateName) {
    metadata.name = `${String(metadata.generateName).slice(0, MAX_GENERATE_NAME_PREFIX)}${RAND_SUFFIX}`;
  }
  if (request.operation === 'UPDATE') {
    if (oldObject?.['status'] === undefined) delete stored['status'];
    else stored['status'] = oldObject['status'];
  }
  const refused = schemaErrors(crd, stored, oldObject);
  if (refused.length > 0) return { allowed: false, stage: 'schema', messages: refused };
  const messages = admission.validate({ ...decoded, name: metadata.name, object: stored });
  return messages === undefined ? { allowed: true, object: stored } : { allowed: false, stage: 'validation', messages };
}

/** SKUPPER_CRDS are the CRDs of the guarded kinds, by kind, as Skupper 2.x publishes them (test/fixtures/crds/, shared with the kubectl suite). */
export const SKUPPER_CRDS: Readonly<Record<string, CustomResource>> = Object.fromEntries(
  ['listener', 'attached-connector-binding', 'multikeylistener', 'connector', 'attached-connector'].map((file) => {
    const crd = loadCustomResource(new URL(`../fixtures/crds/${file}.yaml`, import.meta.url));
    return [crd.kind, crd];
  }),
);
