/**
 * ResourceRules is what every guarded Skupper kind provides: its JSON Schema
 * (compiled once at start-up), the rules a schema cannot say, and its defaults.
 * One file per kind implements it; registry.ts lists them.
 */
import type { SchemaObject } from 'ajv';
import type { JsonPatchOperation, KubeObject } from '../core/review.js';
import type { FieldError } from '../validation/field-error.js';
import type { ServiceNameValidation } from '../validation/service-name.js';

/** SKUPPER_GROUP is the API group of every kind this webhook guards. */
export const SKUPPER_GROUP = 'skupper.io';

/** AttachedConnectorState is what the cluster is known to hold for one AttachedConnector. */
export interface AttachedConnectorState {
  siteNamespace?: string;
}

/** ExposureState is a Listener or MultiKeyListener as the clash warnings need it: which Service port it takes. */
export interface ExposureState {
  kind: 'Listener' | 'MultiKeyListener';
  name: string;
  host: string;
  port: number;
}

/** ServiceState is what the warnings need of a Service: whether Skupper made it for a listener. */
export interface ServiceState {
  skupperOwned: boolean;
}

/** ClusterPart names each part of the cluster state, by its resource, that can be synced or not on its own. */
export type ClusterPart = 'attachedconnectors' | 'listeners' | 'multikeylisteners' | 'services';

/**
 * ClusterState answers questions about objects in the cluster from a local
 * cache, never by calling the API server on the request path.
 */
export interface ClusterState {
  /** synced reports whether every part named has listed at least once and so can tell absence. */
  synced(...parts: ClusterPart[]): boolean;
  /** attachedConnector returns the cached AttachedConnector, or undefined when there is none. */
  attachedConnector(namespace: string, name: string): AttachedConnectorState | undefined;
  /** exposures returns the Listeners and MultiKeyListeners in namespace whose host is host. */
  exposures(namespace: string, host: string): ExposureState[];
  /** service returns the cached Service, or undefined when there is none. */
  service(namespace: string, name: string): ServiceState | undefined;
}

/** SchemaFailures says which fields the kind's schema rejected. */
export interface SchemaFailures {
  /** failed reports whether the schema rejected the field at a dotted path of plain keys ("metadata.name"). */
  failed(field: string): boolean;
  /** any reports whether the schema rejected anything at all. */
  any(): boolean;
}

/** RuleContext is what a kind's rules may read besides the object. */
export interface RuleContext {
  /** namespace is the object's namespace: metadata.namespace, else the request's. */
  namespace: string | undefined;
  operation: 'CREATE' | 'UPDATE';
  /** oldObject is the stored object an UPDATE replaces, for rules on transitions; undefined on CREATE. */
  oldObject: unknown;
  /** fieldsWithSchemaErrors lets rules skip fields the schema already rejected. */
  fieldsWithSchemaErrors: SchemaFailures;
  clusterState: ClusterState | undefined;
  /** serviceNameValidation is the rule a field that becomes a Service name must meet (serviceNameErrors). */
  serviceNameValidation: ServiceNameValidation;
}

/** RuleResult is what a kind's rules found: errors deny, warnings only inform. */
export interface RuleResult {
  errors: FieldError[];
  warnings: string[];
}

/**
 * FastPath lets a valid object skip most of its kind's check. `admits` is a
 * JSON Schema, applied together with the kind's schema closed to unknown
 * fields: every object they both accept is one the schema and `rules` find
 * nothing in, in any context, apart from what `contextRules` finds. Such an
 * object is answered with contextRules alone; any other takes the whole
 * check, so admits may be narrower than the rules, never wider
 * (test/resources/fast-path.test.ts holds every kind to that).
 */
export interface FastPath {
  admits: SchemaObject;
  /** contextRules is the part of rules that reads the context (the cluster, the namespace, the old object), on an object admits accepts. */
  contextRules(object: KubeObject, context: RuleContext): RuleResult;
}

/** ResourceRules describes one guarded kind. */
export interface ResourceRules {
  kind: string;
  /** resource is the kind's plural, lower-case resource name, as its CRD names it (and the webhook configurations list it). */
  resource: string;
  /** schema is the object's JSON Schema; object schemas without additionalProperties list every known field. */
  schema: SchemaObject;
  /** rules checks what the schema cannot (name grammars, cross-field rules) on an object that is a JSON object. */
  rules(object: KubeObject, context: RuleContext): RuleResult;
  /** defaults returns the smallest JSON Patch that fills in defaults, or [] when nothing changes. */
  defaults?(object: KubeObject): JsonPatchOperation[];
  /** fastPath, when the kind has one, answers the objects it admits without the whole check. */
  fastPath?: FastPath;
}
