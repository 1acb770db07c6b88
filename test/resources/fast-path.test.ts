/**
 * Every kind's fast path (ResourceRules.fastPath) against the whole check:
 * for any object and any context, the validator with fast paths on answers
 * exactly as it does with them off. The objects are drawn near each rule's
 * edges (names at their length limits, hosts that are IP addresses, selectors
 * with keywords, nulls, unknown fields, a generateName) so that an `admits`
 * wider than its kind's rules shows up as a difference; each run also counts
 * how many objects took the fast path, so that the property is never
 * vacuously true.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { type FastPaths, ObjectValidator, type ValidationContext } from '../../src/admission/object-validator.js';
import type { KubeObject } from '../../src/core/review.js';
import { GUARDED_KINDS } from '../../src/resources/registry.js';
import type { AttachedConnectorState, ClusterState, ExposureState, ResourceRules } from '../../src/resources/resource.js';
import { formatFieldError } from '../../src/validation/field-error.js';

const validators = (fastPaths: FastPaths): ObjectValidator => new ObjectValidator(GUARDED_KINDS, { maxErrors: 5, maxWarnings: 3 }, 'eager', fastPaths);
const FAST = validators('on');
const WHOLE = validators('off');

const NAMESPACES = ['west', 'east', 'hello-world'];

/** label draws DNS-1123 labels of length min to max: the shape most names take. */
const label = (min: number, max: number): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[a-z0-9]([-a-z0-9]{${Math.max(0, min - 2)},${max - 2}}[a-z0-9])?$`)).filter((s) => s.length >= min && s.length <= max);

/** NEAR_MISSES are values one step off a grammar: case, dots, dashes at the ends, digits first, keywords, IP addresses, blanks. */
const NEAR_MISSES = ['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a..b', '1a', 'in', 'notin', '10.0.0.1', '::1', 'fd00::7', '1.2.3.04', 'a b', ' ', 'é', 'a/b'];

/** cleanName draws names that pass some grammar or fail only at a length limit. */
const cleanName = fc.oneof(
  { weight: 8, arbitrary: label(1, 12) },
  { weight: 2, arbitrary: label(45, 66) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,5}(\.[a-z]{1,5}){1,3}$/) },
);

/** nameLike adds the near misses, a name too long for any grammar, and anything at all. */
const nameLike = fc.oneof(
  { weight: 6, arbitrary: cleanName },
  { weight: 2, arbitrary: fc.constantFrom(...NEAR_MISSES) },
  { weight: 1, arbitrary: fc.constant('a'.repeat(254)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

/** cleanSelector draws equality terms, their keys and values now and then a keyword, a prefixed key, empty or too long. */
const cleanSelector = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 6, arbitrary: fc.constantFrom('app', 'tier', 'a.b', 'A_1', 'k'.repeat(63)) }, { weight: 1, arbitrary: fc.constantFrom('in', 'notin', 'x/y', 'k'.repeat(64)) }),
      fc.oneof({ weight: 6, arbitrary: fc.constantFrom('backend', 'in', 'notin', 'v', 'V-1', 'v'.repeat(63)) }, { weight: 1, arbitrary: fc.constantFrom('', 'v'.repeat(64), 'a b') }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((terms) => terms.map(([k, v]) => `${k}=${v}`).join(','));

const selectorLike = fc.oneof(
  { weight: 5, arbitrary: cleanSelector },
  { weight: 2, arbitrary: fc.constantFrom('app in (a,b)', '!app', 'app', 'app==x', 'app!=x', 'a=b,', ',a=b', 'a=b c=d', 'a=(b)', 'x>1', ' app=x') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

/** Draw is how far from well-formed a spec is drawn: clean (fields well-typed, required ones present) or noisy. */
type Draw = 'clean' | 'noisy';

/** field makes a value from good; a noisy one is sometimes null or of the wrong type. */
const field = <T>(draw: Draw, good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  draw === 'clean' ? good : fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(7, true, {}, []) });

const port = (draw: Draw): fc.Arbitrary<unknown> =>
  draw === 'clean' ? fc.integer({ min: 1, max: 65535 }) : fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 65535 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 65536, 1.5, '80') });
const routingKey = fc.constantFrom('backend', 'a', 'x.y');
const settings = (draw: Draw): fc.Arbitrary<unknown> =>
  fc.dictionary(fc.constantFrom('a', 'b', ''), draw === 'clean' ? fc.string({ maxLength: 3 }) : fc.oneof(fc.string({ maxLength: 3 }), fc.constant(1)), { maxKeys: 2 });
/**
 * mostly draws a clean spec's value from clean, one time in eight from wide
 * (so that a single field off the fast path is tried in an otherwise clean
 * object), and a noisy spec's from wide.
 */
const mostly = <T>(draw: Draw, clean: fc.Arbitrary<T>, wide: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  draw === 'clean' ? fc.oneof({ weight: 7, arbitrary: clean }, { weight: 1, arbitrary: wide }) : wide;
const names = (draw: Draw): fc.Arbitrary<string> => mostly(draw, cleanName, nameLike);
const selectors = (draw: Draw): fc.Arbitrary<string> => mostly(draw, cleanSelector, selectorLike);
const oneOf = (draw: Draw, clean: string[], other: string[]): fc.Arbitrary<string> => mostly(draw, fc.constantFrom(...clean), fc.constantFrom(...clean, ...other));

/** spec draws a spec from its fields: a clean one has its required fields, a noisy one any. */
function spec(draw: Draw, required: string[], fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: draw === 'clean' ? required : [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** SPECS draws each kind's spec: every field it knows, each maybe absent. */
const SPECS: Record<string, (draw: Draw) => fc.Arbitrary<Record<string, unknown>>> = {
  Listener: (d) =>
    spec(d, ['routingKey', 'host', 'port'], {
      routingKey: field(d, routingKey),
      host: field(d, names(d)),
      port: port(d),
      tlsCredentials: field(d, names(d)),
      type: field(d, oneOf(d, ['tcp'], ['udp', ''])),
      settings: settings(d),
      exposePodsByName: field(d, fc.boolean()),
      observer: field(d, oneOf(d, ['auto', 'none'], ['http3'])),
    }),
  MultiKeyListener: (d) =>
    spec(d, ['host', 'port', 'strategy'], {
      host: field(d, names(d)),
      port: port(d),
      tlsCredentials: field(d, names(d)),
      requireClientCert: field(d, fc.boolean()),
      observer: field(d, oneOf(d, ['auto', 'http2'], ['http3'])),
      strategy: field(
        d,
        fc.oneof(
          { weight: 2, arbitrary: fc.record({ priority: fc.record({ routingKeys: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1 }) }) }) },
          { weight: 2, arbitrary: fc.record({ weighted: fc.record({ routingKeys: fc.dictionary(fc.constantFrom('a', 'b', '7'), fc.nat(3), { minKeys: 1, maxKeys: 3 }) }) }) },
          fc.record({ priority: fc.record({ routingKeys: fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 4 }) }) }),
          fc.record({ weighted: fc.record({ routingKeys: fc.dictionary(fc.constantFrom('a', 'b', '', '7'), fc.integer({ min: -1, max: 3 }), { maxKeys: 3 }) }) }),
          fc.record(
            {
              priority: field(d, fc.record({ routingKeys: field(d, fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 })) }, { requiredKeys: [] })),
              weighted: field(d, fc.record({ routingKeys: field(d, fc.dictionary(fc.constantFrom('a', 'b'), fc.nat(3), { maxKeys: 2 })) }, { requiredKeys: [] })),
            },
            { requiredKeys: [] },
          ),
        ),
      ),
    }),
  Connector: (d) =>
    fc.oneof(
      spec(d, ['routingKey', 'port', 'selector'], { routingKey: field(d, routingKey), port: port(d), selector: field(d, selectors(d)), tlsCredentials: field(d, names(d)), type: field(d, oneOf(d, ['tcp'], ['udp'])), settings: settings(d) }),
      spec(d, ['routingKey', 'port', 'host'], { routingKey: field(d, routingKey), port: port(d), host: field(d, names(d)), verifyHostname: field(d, fc.boolean()), tlsCredentials: field(d, names(d)) }),
      spec(d, ['routingKey', 'port'], { routingKey: field(d, routingKey), port: port(d), host: field(d, names(d)), selector: field(d, selectors(d)) }),
    ),
  AttachedConnector: (d) =>
    spec(d, ['port', 'selector', 'siteNamespace'], {
      siteNamespace: field(d, fc.oneof(fc.constantFrom(...NAMESPACES), names(d))),
      port: port(d),
      selector: field(d, selectors(d)),
      tlsCredentials: field(d, names(d)),
      type: field(d, oneOf(d, ['tcp'], ['udp'])),
      settings: settings(d),
    }),
  AttachedConnectorBinding: (d) =>
    spec(d, ['connectorNamespace', 'routingKey'], {
      connectorNamespace: field(d, fc.oneof(fc.constantFrom(...NAMESPACES), names(d))),
      routingKey: field(d, routingKey),
      settings: settings(d),
      exposePodsByName: field(d, fc.boolean()),
    }),
};

/** rarely draws from arbitrary one time in five, else undefined. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** objectOf draws a whole object of kind: envelope, metadata (a name, now and then a generateName) and spec, with stray fields now and then. */
function objectOf(kind: string): fc.Arbitrary<KubeObject> {
  const metadata = fc.record(
    {
      name: fc.oneof({ weight: 4, arbitrary: cleanName }, { weight: 1, arbitrary: field('noisy', nameLike) }),
      generateName: rarely(fc.constantFrom('backend-', 'a.', 'Bad', '')),
      namespace: fc.constantFrom(...NAMESPACES),
      labels: fc.constant({ app: 'backend' }),
    },
    { requiredKeys: ['name', 'namespace', 'labels'] },
  );
  const stray = rarely(fc.constantFrom('stray', '__proto__', 'constructor'));
  const specs = fc.oneof({ weight: 3, arbitrary: SPECS[kind]!('clean') }, { weight: 1, arbitrary: field('noisy', SPECS[kind]!('noisy')) });
  return fc
    .tuple(fc.option(metadata, { nil: undefined, freq: 20 }), specs, stray, stray, fc.option(fc.constant({ ready: true }), { nil: undefined }))
    .map(([meta, spec, topStray, specStray, status]) => {
      const object: KubeObject = { apiVersion: 'skupper.io/v2alpha1', kind };
      if (meta !== undefined) {
        if (meta.generateName === undefined) delete meta.generateName;
        object['metadata'] = meta;
      }
      if (spec !== undefined) object['spec'] = spec;
      if (status !== undefined) object['status'] = status;
      // Own properties, as JSON.parse makes them, even for __proto__.
      if (topStray !== undefined) Object.defineProperty(object, topStray, { value: 1, enumerable: true, writable: true, configurable: true });
      if (specStray !== undefined && typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
        Object.defineProperty(spec, specStray, { value: 'x', enumerable: true, writable: true, configurable: true });
      }
      return object;
    });
}

/** clusterState draws what the cache may hold: synced or not, an AttachedConnector or none, Listeners on the host, a Service or none. */
const clusterState: fc.Arbitrary<ClusterState | undefined> = fc.option(
  fc
    .record({
      synced: fc.boolean(),
      connector: fc.option(fc.record({ siteNamespace: fc.constantFrom(...NAMESPACES) }, { requiredKeys: [] }), { nil: undefined }),
      exposures: fc.array(
        fc.record({ kind: fc.constantFrom('Listener' as const, 'MultiKeyListener' as const), name: fc.constantFrom('backend', 'other'), host: fc.constantFrom('backend', 'web'), port: fc.constantFrom(8080, 9090) }),
        { maxLength: 2 },
      ),
      service: fc.option(fc.record({ skupperOwned: fc.boolean() }), { nil: undefined }),
    })
    .map(
      ({ synced, connector, exposures, service }): ClusterState => ({
        synced: () => synced,
        attachedConnector: (): AttachedConnectorState | undefined => connector,
        exposures: (): ExposureState[] => exposures,
        service: () => service,
      }),
    ),
  { nil: undefined },
);

/** contextFor draws a request's context; an UPDATE's old object is the object itself, another of its kind, or none. */
function contextFor(kind: string, object: KubeObject): fc.Arbitrary<ValidationContext> {
  return fc.record({
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    operation: fc.constantFrom('CREATE' as const, 'UPDATE' as const),
    clusterState,
    serviceNameValidation: fc.constantFrom('strict' as const, 'relaxed' as const),
    oldObject: fc.oneof(fc.constant(structuredClone(object)), objectOf(kind), fc.constant(undefined)),
  });
}

/** answer is a result as the webhook words it, so that a difference reads as one. */
function answer(validator: ObjectValidator, rules: ResourceRules, object: KubeObject, context: ValidationContext): unknown {
  const result = validator.validate(rules, structuredClone(object), context);
  return { errors: result.errors.map(formatFieldError), warnings: result.warnings, moreErrors: result.moreErrors, moreWarnings: result.moreWarnings };
}

describe('fast paths', () => {
  it('every guarded kind has one', () => {
    expect(GUARDED_KINDS.filter((rules) => rules.fastPath === undefined).map((rules) => rules.kind)).to.deep.equal([]);
  });

  for (const rules of GUARDED_KINDS) {
    it(`answer every ${rules.kind} as the whole check does, in every context`, () => {
      let fast = 0;
      let runs = 0;
      fc.assert(
        fc.property(
          objectOf(rules.kind).chain((object) => fc.tuple(fc.constant(object), contextFor(rules.kind, object))),
          ([object, context]) => {
            runs++;
            if (FAST.admitsFast(rules, object)) fast++;
            expect(answer(FAST, rules, object, context)).to.deep.equal(answer(WHOLE, rules, object, context));
          },
        ),
        { numRuns: 3000 },
      );
      // The property says something only if both paths ran often (each kind's fast path takes 6–35% of these objects).
      expect(fast, 'objects that took the fast path').to.be.greaterThan(runs / 40);
      expect(runs - fast, 'objects that took the whole check').to.be.greaterThan(runs / 40);
    });
  }

  it('take no fast path when they are off', () => {
    const listener = GUARDED_KINDS.find((rules) => rules.kind === 'Listener')!;
    const object = { metadata: { name: 'backend' }, spec: { routingKey: 'backend', host: 'backend', port: 8080 } };
    expect(FAST.admitsFast(listener, object)).to.equal(true);
    expect(WHOLE.admitsFast(listener, object)).to.equal(false);
  });

  it('answer a megabyte of name-like text without throwing: a length bound fails it before a pattern runs', () => {
    const connector = GUARDED_KINDS.find((rules) => rules.kind === 'Connector')!;
    const context: ValidationContext = { namespace: 'west', operation: 'CREATE', clusterState: undefined, serviceNameValidation: 'strict' };
    for (const selector of ['a=b,'.repeat(250_000) + 'a=b', 'a.'.repeat(500_000) + 'a']) {
      const object = { metadata: { name: 'c' }, spec: { routingKey: 'r', port: 1, selector, tlsCredentials: 'a.'.repeat(500_000) + 'a' } };
      expect(FAST.admitsFast(connector, object)).to.equal(false);
      expect(answer(FAST, connector, object, context)).to.deep.equal(answer(WHOLE, connector, object, context));
    }
  });
});
