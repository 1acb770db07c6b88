/**
 * MultiKeyListener (Skupper 2.2) is a Listener that spreads its connections
 * over several routing keys, by priority or by weight. On Kubernetes its host
 * becomes a Service name as a Listener's does, and its Service port is named
 * `multiaddress-<name>` (extended_bindings.go, multiKeyListenerPortName), so
 * both fail only when the Service is written. Its CRD carries two CEL rules on
 * spec.strategy, which this file repeats in the API server's words so that
 * `check` and a /validate asked directly refuse what the cluster would.
 */
import type { KubeObject } from '../admission/review.js';
import { isPlainObject } from '../admission/object.js';
import { duplicate, type FieldError, invalid, ruleFailure } from '../validation/field-error.js';
import { DNS1123_LABEL_MAX_LENGTH, isDNS1123Subdomain, maxLenError } from '../validation/names.js';
import { apiServerNameErrors, secretNameErrors } from './common-rules.js';
import { objectSchema, OBSERVER_SCHEMA, SETTINGS_SCHEMA } from './common-schema.js';
import { exposureWarnings } from './exposure-warnings.js';
import type { ResourceRules, RuleContext, RuleResult } from './resource.js';
import { serviceHostErrors } from './service-host.js';

/** PORT_NAME_PREFIX is what Skupper puts before the name to name the Service port. */
export const PORT_NAME_PREFIX = 'multiaddress-';

/** MAX_NAME_LENGTH keeps `multiaddress-<name>` within a DNS-1123 label's 63 characters. */
export const MAX_NAME_LENGTH = DNS1123_LABEL_MAX_LENGTH - PORT_NAME_PREFIX.length;

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

/** PORT_NAME_REASON says why the name is held to a DNS-1123 label's grammar. */
const PORT_NAME_REASON = `Skupper names the Service port "${PORT_NAME_PREFIX}<name>", and a Service port name must be a DNS-1123 label`;

/**
 * portNameErrors checks that `multiaddress-<name>` is a DNS-1123 label. The
 * API server has checked the name as a DNS-1123 subdomain; such a name makes
 * a label once prefixed unless it has dots or is too long. A name the API
 * server would refuse is left to that check.
 */
function portNameErrors(object: KubeObject): FieldError[] {
  const metadata = object['metadata'];
  const name = isPlainObject(metadata) ? metadata['name'] : undefined;
  if (typeof name !== 'string' || name === '' || isDNS1123Subdomain(name).length > 0) return [];
  const errors: FieldError[] = [];
  if (Buffer.byteLength(name) > MAX_NAME_LENGTH) errors.push(invalid('metadata.name', name, `${maxLenError(MAX_NAME_LENGTH)}: ${PORT_NAME_REASON}`));
  if (name.includes('.')) errors.push(invalid('metadata.name', name, `must not contain dots: ${PORT_NAME_REASON}`));
  return errors;
}

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
  const errors: FieldError[] = [];
  const oldSpec = isPlainObject(context.oldObject) ? context.oldObject['spec'] : undefined;
  const oldStrategy = isPlainObject(oldSpec) ? oldSpec['strategy'] : undefined;
  if (isPlainObject(oldStrategy) && STRATEGIES.some((kind) => present(oldStrategy, kind) && !present(strategy, kind))) {
    errors.push(ruleFailure('spec.strategy', 'object', 'strategy is immutable'));
  }
  if (STRATEGIES.filter((kind) => present(strategy, kind)).length !== 1) {
    errors.push(ruleFailure('spec.strategy', 'object', 'exactly one of the fields in [priority weighted] must be set'));
  }
  return errors;
}

/** routingKeyErrors: the priority list is a set (x-kubernetes-list-type), and no weighted key is empty. */
function routingKeyErrors(strategy: Record<string, unknown>, context: RuleContext): FieldError[] {
  const errors: FieldError[] = [];
  const priority = strategy['priority'];
  const priorityField = 'spec.strategy.priority.routingKeys';
  if (isPlainObject(priority) && Array.isArray(priority['routingKeys']) && !context.fieldsWithSchemaErrors.has(priorityField)) {
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
    errors.push(invalid('spec.strategy.weighted.routingKeys', '', 'a routing key must be non-empty'));
  }
  return errors;
}

function rules(object: KubeObject, context: RuleContext): RuleResult {
  const errors = apiServerNameErrors(object, context);
  errors.push(...portNameErrors(object));
  const warnings: string[] = [];
  const spec = object['spec'];
  if (!isPlainObject(spec) || context.fieldsWithSchemaErrors.has('spec')) return { errors, warnings };

  const host = spec['host'];
  if (typeof host === 'string' && host !== '') errors.push(...serviceHostErrors('spec.host', host, context));
  errors.push(...secretNameErrors('spec.tlsCredentials', spec['tlsCredentials']));
  const strategy = spec['strategy'];
  if (isPlainObject(strategy) && !context.fieldsWithSchemaErrors.has('spec.strategy')) {
    errors.push(...routingKeyErrors(strategy, context), ...strategyRuleErrors(strategy, context));
  }
  const metadata = object['metadata'];
  const name = isPlainObject(metadata) ? metadata['name'] : undefined;
  const port = spec['port'];
  if (errors.length === 0 && context.fieldsWithSchemaErrors.size === 0 && typeof name === 'string' && typeof host === 'string' && typeof port === 'number') {
    warnings.push(...exposureWarnings({ kind: 'MultiKeyListener', name, host, port }, context));
  }
  return { errors, warnings };
}

/** multiKeyListener is the MultiKeyListener kind's schema and rules; it has no defaults. */
export const multiKeyListener: ResourceRules = {
  kind: 'MultiKeyListener',
  resource: 'multikeylisteners',
  schema,
  rules,
};
