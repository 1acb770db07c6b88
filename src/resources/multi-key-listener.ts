/**
 * MultiKeyListener (Skupper 2.2) is a Listener that spreads its connections
 * over several routing keys, by priority or by weight. On Kubernetes its host
 * becomes a Service name as a Listener's does, and its Service port is named
 * `multiaddress-<name>` (extended_bindings.go, multiKeyListenerPortName), so
 * both fail only when the Service is written. Its CRD carries two CEL rules on
 * spec.strategy, which this file repeats in the API server's words so that
 * `check` and a /validate asked directly refuse what the cluster would.
 */
import type { KubeObject } from '../core/review.js';
import { isPlainObject } from '../core/object.js';
import { DNS1035_LABEL_SCHEMA, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_SCHEMA, dns1123LabelSchema } from '../validation/names.js';
import { duplicate, type FieldError, invalid, ruleFailure } from '../validation/field-error.js';
import { secretNameErrors } from './common-rules.js';
import { fastPathAdmits, objectSchema, OBSERVER_SCHEMA, SETTINGS_SCHEMA } from './common-schema.js';
import { exposureWarnings } from './exposure-warnings.js';
import type { FastPath, ResourceRules, RuleContext, RuleResult } from './resource.js';
import { serviceHostErrors } from './service-host.js';
import { type PortNaming, servicePortNameErrors } from './service-port-name.js';

/** PORT_NAME_PREFIX is what Skupper puts before the name to name the Service port (multiKeyListenerPortName). */
const PORT_NAME_PREFIX = 'multiaddress-';

/** PORT_NAMING holds `multiaddress-<name>` to a DNS-1123 label's grammar, and so the name to 50 characters. */
const PORT_NAMING: PortNaming = {
  prefix: PORT_NAME_PREFIX,
  reason: `Skupper names the Service port "${PORT_NAME_PREFIX}<name>", and a Service port name must be a DNS-1123 label`,
};

/** MAX_ROUTING_KEYS is the CRD's maxItems and maxProperties on both strategies' routingKeys. */
const MAX_ROUTING_KEYS = 256;

/** STRATEGIES are spec.strategy's members, of which the CRD wants exactly one. */
const STRATEGIES = ['priority', 'weighted'] as const;

const schema = objectSchema({
  type: 'object',
  required: ['host', 'port', 'strategy'],
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    tlsCredentials: { type: 'string' },
    requireClientCert: { type: 'boolean' },
    settings: SETTINGS_SCHEMA,
    observer: OBSERVER_SCHEMA,
    strategy: {
      type: 'object',
      properties: {
        priority: {
          type: 'object',
          required: ['routingKeys'],
          properties: {
            routingKeys: { type: 'array', minItems: 1, maxItems: MAX_ROUTING_KEYS, items: { type: 'string', minLength: 1 } },
          },
        },
        weighted: {
          type: 'object',
          required: ['routingKeys'],
          properties: {
            // Skupper reads a weight as a Go uint: a negative one makes the object unreadable to its controller.
            routingKeys: { type: 'object', minProperties: 1, maxProperties: MAX_ROUTING_KEYS, additionalProperties: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
  },
});

/** present is CEL's has() on an object the API server has pruned of nulls. */
function present(object: Record<string, unknown>, key: string): boolean {
  return object[key] !== undefined && object[key] !== null;
}

/**
 * strategyRuleErrors evaluates the CRD's x-kubernetes-validations on
 * spec.strategy, in the CRD's order: "strategy is immutable" (a transition
 * rule, so only on an UPDATE whose old object has a strategy), then "exactly
 * one of the fields in [priority weighted] must be set".
 */
function strategyRuleErrors(strategy: Record<string, unknown>, context: RuleContext): FieldError[] {
  const errors = strategyTransitionErrors(strategy, context);
  if (STRATEGIES.filter((kind) => present(strategy, kind)).length !== 1) {
    errors.push(ruleFailure('spec.strategy', strategy, 'exactly one of the fields in [priority weighted] must be set'));
  }
  return errors;
}

/** strategyTransitionErrors is the transition rule "strategy is immutable": a strategy the old object had may not go. */
function strategyTransitionErrors(strategy: Record<string, unknown>, context: RuleContext): FieldError[] {
  const oldSpec = isPlainObject(context.oldObject) ? context.oldObject['spec'] : undefined;
  const oldStrategy = isPlainObject(oldSpec) ? oldSpec['strategy'] : undefined;
  if (isPlainObject(oldStrategy) && STRATEGIES.some((kind) => present(oldStrategy, kind) && !present(strategy, kind))) {
    return [ruleFailure('spec.strategy', strategy, 'strategy is immutable')];
  }
  return [];
}

/** routingKeyErrors: the priority list is a set (x-kubernetes-list-type), and no weighted key is empty. */
function routingKeyErrors(strategy: Record<string, unknown>, context: RuleContext): FieldError[] {
  const errors: FieldError[] = [];
  const priority = strategy['priority'];
  const priorityField = 'spec.strategy.priority.routingKeys';
  if (isPlainObject(priority) && Array.isArray(priority['routingKeys']) && !context.fieldsWithSchemaErrors.failed(priorityField)) {
    const seen = new Map<unknown, number>();
    priority['routingKeys'].forEach((key: unknown, i) => {
      const times = seen.get(key) ?? 0;
      // As the API server does, each repeated value is reported once, at its second place.
      if (times === 1) errors.push(duplicate(`${priorityField}[${i}]`, key));
      seen.set(key, times + 1);
    });
  }
  const weighted = strategy['weighted'];
  const weights = isPlainObject(weighted) ? weighted['routingKeys'] : undefined;
  if (isPlainObject(weights) && Object.prototype.hasOwnProperty.call(weights, '')) {
    errors.push(invalid('spec.strategy.weighted.routingKeys', '', 'a routing key may not be empty'));
  }
  return errors;
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = servicePortNameErrors(object, context, PORT_NAMING);
  const warnings: string[] = [];
  const spec = object['spec'];
  if (!isPlainObject(spec) || context.fieldsWithSchemaErrors.failed('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') errors.push(...serviceHostErrors('spec.host', host, context));
  errors.push(...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  const strategy = spec['strategy'];
  if (isPlainObject(strategy) && !context.fieldsWithSchemaErrors.failed('spec.strategy')) {
    errors.push(...routingKeyErrors(strategy, context), ...strategyRuleErrors(strategy, context));
  }
  if (errors.length === 0 && !context.fieldsWithSchemaErrors.any()) warnings.push(...clusterWarnings(object, spec, context));
  return { errors, warnings };
}

/** clusterWarnings are the cluster cache's warnings about the Service port this MultiKeyListener takes. */
function clusterWarnings(object: KubeObject, spec: Record<string, unknown>, context: RuleContext): string[] {
  const metadata = object['metadata'];
  const name = isPlainObject(metadata) ? metadata['name'] : undefined;
  const { host, port } = spec;
  if (typeof name !== 'string' || typeof host !== 'string' || typeof port !== 'number') return [];
  return exposureWarnings({ kind: 'MultiKeyListener', name, host, port }, context);
}

/** ONE_STRATEGY admits a strategy with exactly one member (present, as both are objects where the schema passes). */
const ONE_STRATEGY = {
  oneOf: [
    { required: ['priority'], properties: { priority: true, weighted: false } },
    { required: ['weighted'], properties: { weighted: true, priority: false } },
  ],
};

/**
 * FAST_PATH admits a MultiKeyListener whose name leaves room for the port
 * name's prefix, whose host is a Service name under either
 * --service-name-validation, with a Secret name, if any, and one strategy
 * with distinct routing keys, none empty: nothing left for the rules but the
 * transition rule and the cluster's warnings.
 */
const FAST_PATH: FastPath = {
  admits: fastPathAdmits(dns1123LabelSchema(DNS1123_LABEL_MAX_LENGTH - PORT_NAME_PREFIX.length), {
    host: DNS1035_LABEL_SCHEMA,
    tlsCredentials: DNS1123_SUBDOMAIN_SCHEMA,
    strategy: {
      type: 'object',
      ...ONE_STRATEGY,
      properties: {
        priority: { type: 'object', properties: { routingKeys: { type: 'array', items: { type: 'string' }, uniqueItems: true } } },
        weighted: { type: 'object', properties: { routingKeys: { type: 'object', propertyNames: { minLength: 1 } } } },
      },
    },
  }),
  contextRules(object, context) {
    const spec = object['spec'] as Record<string, unknown>;
    const errors = strategyTransitionErrors(spec['strategy'] as Record<string, unknown>, context);
    return { errors, warnings: errors.length === 0 ? clusterWarnings(object, spec, context) : [] };
  },
};

/** multiKeyListener is the MultiKeyListener kind's schema and rules; it has no defaults. */
export const multiKeyListener: ResourceRules = {
  kind: 'MultiKeyListener',
  resource: 'multikeylisteners',
  schema,
  rules,
  fastPath: FAST_PATH,
};
