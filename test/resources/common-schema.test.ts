import { Ajv } from 'ajv';
import { expect } from 'chai';
import { fastPathAdmits, objectSchema, OBSERVER_SCHEMA, SETTINGS_SCHEMA } from '../../src/resources/common-schema.js';
import { unknownFields } from '../../src/validation/unknown-fields.js';
import { type JsonSchema, loadServedKinds } from '../integration/apiserver/crds.js';

/** SERVED are Skupper's CRDs (test/fixtures/crds), read once. */
const SERVED = loadServedKinds();

/** specProperty is the schema of spec.<name> in the CRD of kind. */
function specProperty(kind: string, name: string): JsonSchema | undefined {
  const served = SERVED.find((k) => k.kind === kind);
  const spec = (served?.schema['properties'] as Record<string, JsonSchema> | undefined)?.['spec'];
  return (spec?.['properties'] as Record<string, JsonSchema> | undefined)?.[name];
}

describe('common-schema', () => {
  describe('OBSERVER_SCHEMA', () => {
    for (const kind of ['Listener', 'MultiKeyListener']) {
      it(`is spec.observer as Skupper's ${kind} CRD enumerates it`, () => {
        expect(OBSERVER_SCHEMA).to.deep.equal(specProperty(kind, 'observer'));
      });
    }
  });

  describe('SETTINGS_SCHEMA', () => {
    it('is spec.settings as every Skupper CRD with settings has it', () => {
      const kinds = SERVED.filter((k) => specProperty(k.kind, 'settings') !== undefined);
      expect(kinds.map((k) => k.kind)).to.include.members(['AttachedConnector', 'AttachedConnectorBinding', 'Connector', 'Listener', 'MultiKeyListener']);
      for (const k of kinds) expect(SETTINGS_SCHEMA, k.kind).to.deep.equal(specProperty(k.kind, 'settings'));
    });
  });

  describe('objectSchema', () => {
    const spec = { type: 'object', properties: { port: { type: 'integer' } } };
    const schema = objectSchema(spec);
    // As the webhook compiles every kind's schema (admission/object-validator.ts).
    const check = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const object = (fields: Record<string, unknown>) => ({ apiVersion: 'skupper.io/v2alpha1', kind: 'Listener', metadata: { name: 'backend' }, spec: { port: 8080 }, ...fields });


    const cases: Array<[string, Record<string, unknown>, boolean]> = [
      ['admits a whole object', {}, true],
      ['refuses an object without spec', { spec: undefined }, false],
      ['checks the spec by the kind\'s schema', { spec: { port: '8080' } }, false],
      ['refuses a name that is not a string', { metadata: { name: 8080 } }, false],
      ['refuses a generateName that is not a string', { metadata: { generateName: ['backend-'] } }, false],
      ['refuses a namespace that is not a string', { metadata: { name: 'backend', namespace: 7 } }, false],
      ['refuses metadata that is not an object', { metadata: 'backend' }, false],
      ['leaves the rest of metadata to the API server', { metadata: { name: 'backend', labels: { app: 'backend' }, finalizers: ['x'], uid: 'u' } }, true],
      ['leaves status to the controller', { status: { conditions: [{ type: 'Ready' }], anything: 1 } }, true],
      ['refuses a status that is not an object', { status: 'Ready' }, false],
      ['refuses an apiVersion that is not a string', { apiVersion: 2 }, false],
    ];
    for (const [name, fields, valid] of cases) {
      it(name, () => {
        expect(check(JSON.parse(JSON.stringify(object(fields))))).to.equal(valid);
      });
    }

    it('knows the envelope\'s fields: a stray top-level field is unknown, extras in metadata and status are not', () => {
      expect(unknownFields(schema, object({ spc: {}, metadata: { name: 'backend', labels: {} }, status: { extra: true } }))).to.deep.equal(['spc']);
    });
  });

  describe('fastPathAdmits', () => {
    const admits = new Ajv({ strict: true }).compile(fastPathAdmits({ type: 'string', maxLength: 3 }, { host: { type: 'string', minLength: 2 } }));

    it('admits a named object whose spec properties, where present, meet theirs', () => {
      expect(admits({ metadata: { name: 'abc', labels: { a: 'b' } }, spec: { host: 'xy', port: 1 } })).to.equal(true);
      expect(admits({ metadata: { name: 'abc' }, spec: {} })).to.equal(true);
    });

    it('refuses an object without metadata, name or spec, with a name its schema refuses, or with a generateName', () => {
      for (const object of [
        { spec: {} },
        { metadata: {}, spec: {} },
        { metadata: { name: 'abc' } },
        { metadata: { name: 'abcd' }, spec: {} },
        { metadata: { name: 'abc', generateName: 'abc-' }, spec: {} },
        { metadata: { name: 'abc' }, spec: { host: 'x' } },
        { metadata: { name: 'abc' }, spec: [] },
      ]) {
        expect(admits(object), JSON.stringify(object)).to.equal(false);
      }
    });
  });
});
