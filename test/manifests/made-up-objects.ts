/**
 * Test support: objects of every guarded kind made up by fast-check around
 * the rules the admission policies state, for policies-agreement.test.ts to
 * hold the policies and the webhook to the same verdict on them. Selectors
 * are always ones labels.Parse accepts (or empty): their grammar is the
 * webhook's alone (README, rules by path).
 */
import fc from 'fast-check';
import type { AdmissionRequest } from '../../src/core/review.js';
import { validAttachedConnector } from '../fixtures/cases/attached-connector.js';
import { validConnector } from '../fixtures/cases/connector.js';
import { validMultiKeyListener } from '../fixtures/cases/multi-key-listener.js';
import { validBinding, validListener } from '../fixtures/reviews.js';

/** text is a short string of characters that the name grammars treat differently. */
const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'A', '0', '9', '-', '.', '_', ' ', '"', 'é'), maxLength: max });
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const port = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.integer({ min: 65534, max: 65537 }), fc.integer());
const routingKey = fc.constantFrom('', 'backend');
const secretName = fc.oneof(text(6), fc.constant('t'.repeat(254)));
/** serviceHost is a host that is a DNS-1035 label, a DNS-1123 label only, or neither. */
const serviceHost = fc.oneof(text(8), fc.stringMatching(/^[0-9][-a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9][-a-z0-9]{55,70}$/));
/** namespace is a namespace name or not, the objects' own ("west" for a binding, "east" for an AttachedConnector) among them. */
const namespace = fc.oneof(fc.constantFrom('', 'west', 'east', 'e'.repeat(64), 'east.west'), fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_'), maxLength: 6 }));
/** selector is a label selector labels.Parse accepts, or empty. */
const selector = fc.constantFrom('', 'app=backend', 'app in (backend, api),!canary', 'tier notin (cache)', 'app.kubernetes.io/name=backend');

function madeOf(valid: () => Record<string, any>, name: string | undefined, spec: Record<string, any>): Record<string, any> {
  const object = valid();
  if (name !== undefined) object['metadata'].name = name;
  object['spec'] = spec;
  return object;
}

/** listeners: names that are labels or not (dots, past 63 characters), any host, port and Secret name. */
function listeners(): fc.Arbitrary<Record<string, any>> {
  const subdomain = fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?\.[a-z0-9]{1,4}$/), fc.stringMatching(/^[a-z0-9][-a-z0-9.]{58,66}[a-z0-9]$/));
  return fc
    .record(
      { name: fc.oneof(label, subdomain), host: serviceHost, port, routingKey, tlsCredentials: secretName, type: fc.constantFrom('', 'tcp', 'udp') },
      { requiredKeys: ['name', 'host', 'port', 'routingKey'] },
    )
    .map(({ name, ...spec }) => madeOf(validListener, name, spec));
}

/** bindings: any connectorNamespace (the binding's own among them), routing key and generateName. */
function bindings(): fc.Arbitrary<Record<string, any>> {
  return fc
    .record({ connectorNamespace: namespace, routingKey, generateName: fc.constantFrom(undefined, 'backend-', 'front-'), generated: fc.boolean() })
    .map(({ connectorNamespace, routingKey, generateName, generated }) => {
      const binding = madeOf(validBinding, undefined, { connectorNamespace, routingKey });
      if (generateName !== undefined) {
        binding['metadata'].generateName = generateName;
        if (generated) delete binding['metadata'].name;
      }
      return binding;
    });
}

/** multiKeyListeners: names around the 50 characters multiaddress-<name> allows, any host and port, routing keys empty or not, weights of any sign, keys of digits. */
function multiKeyListeners(): fc.Arbitrary<Record<string, any>> {
  const name = fc.oneof(label, fc.stringMatching(/^[a-z0-9][-a-z0-9]{47,50}[a-z0-9]$/), fc.stringMatching(/^[a-z0-9]{1,4}\.[a-z0-9]{1,4}$/));
  const key = fc.constantFrom('', 'a', 'b', '7', 'a.b');
  const priority = fc.uniqueArray(key, { minLength: 1, maxLength: 4 }).map((routingKeys) => ({ priority: { routingKeys } }));
  const weighted = fc.dictionary(key, fc.integer({ min: -2, max: 3 }), { minKeys: 1, maxKeys: 3 }).map((routingKeys) => ({ weighted: { routingKeys } }));
  return fc
    .record({ name, host: serviceHost, port, tlsCredentials: secretName, strategy: fc.oneof(priority, weighted) }, { requiredKeys: ['name', 'host', 'port', 'strategy'] })
    .map(({ name, ...spec }) => madeOf(validMultiKeyListener, name, spec));
}

/** connectors: a selector or a host (a name, an address with or without a zone, or neither), any routing key, port and Secret name. */
function connectors(): fc.Arbitrary<Record<string, any>> {
  const address = fc.oneof(fc.ipV6(), fc.ipV6().map((ip) => `${ip}%eth0`), fc.string({ unit: fc.constantFrom('a', 'f', 'g', '0', '1', ':', '.'), maxLength: 12 }));
  const host = fc.oneof(text(8), address, fc.ipV4(), fc.stringMatching(/^[a-z0-9][-a-z0-9.]{250,254}$/));
  const target = fc.oneof(selector.map((s) => ({ selector: s })), host.map((h) => ({ host: h })));
  return fc
    .record({ target, routingKey, port, tlsCredentials: secretName, type: fc.constantFrom('', 'tcp', 'udp') }, { requiredKeys: ['target', 'routingKey', 'port'] })
    .map(({ target, ...spec }) => madeOf(validConnector, undefined, { ...target, ...spec }));
}

/** attachedConnectors: any siteNamespace (their own among them), selector, port and Secret name. */
function attachedConnectors(): fc.Arbitrary<Record<string, any>> {
  return fc
    .record({ siteNamespace: namespace, selector, port, tlsCredentials: secretName, type: fc.constantFrom('', 'tcp', 'udp') }, { requiredKeys: ['siteNamespace', 'selector', 'port'] })
    .map((spec) => madeOf(validAttachedConnector, undefined, spec));
}

/** MADE_UP makes up objects of each guarded kind, by kind. */
export const MADE_UP: Readonly<Record<string, () => fc.Arbitrary<Record<string, any>>>> = {
  AttachedConnector: attachedConnectors,
  AttachedConnectorBinding: bindings,
  Connector: connectors,
  Listener: listeners,
  MultiKeyListener: multiKeyListeners,
};

/**
 * requestFrom makes a CREATE of object or, given old, an UPDATE of old as the
 * API server stored it (a generated name filled in): to object, or, with
 * keepOld, to old with a label added, which leaves every field as it was.
 */
export function requestFrom(object: Record<string, any>, old: Record<string, any> | undefined, keepOld: boolean): AdmissionRequest {
  const base = { uid: 'property', kind: { group: 'skupper.io', version: 'v2alpha1', kind: object['kind'] as string }, namespace: object['metadata'].namespace as string };
  if (old === undefined) return { ...base, operation: 'CREATE', name: object['metadata'].name, object };
  const stored = structuredClone(old);
  stored['metadata'].name ??= `${stored['metadata'].generateName}x7k2p`;
  const updated = keepOld ? structuredClone(stored) : structuredClone(object);
  updated['metadata'].name = stored['metadata'].name;
  if (keepOld) updated['metadata'].labels = { touched: 'yes' };
  return { ...base, operation: 'UPDATE', name: stored['metadata'].name, object: updated, oldObject: stored };
}
