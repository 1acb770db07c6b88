import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { StatusCause } from '../../src/admission/review.js';
import { requestFor, validListener } from '../fixtures/reviews.js';
import { DNS1035_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';

const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';

const webhooks = createWebhooks();
type Edit = (o: Record<string, any>) => void;

/** mutated applies /mutate's patch to object and returns the result and the patch. */
function mutate(object: Record<string, any>, operation = 'CREATE') {
  const response = webhooks.mutate(requestFor(object, { operation }));
  const patch = decodePatch(response);
  const result = patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
  return { response, patch, result };
}

describe('Listener', () => {
  describe('validation', () => {
    context('when the listener follows every rule', () => {
      const valid: Array<[string, Edit]> = [
        ['the documented example', () => {}],
        ['type tcp', (o) => (o.spec.type = 'tcp')],
        ['port 1', (o) => (o.spec.port = 1)],
        ['port 65535', (o) => (o.spec.port = 65535)],
        ['a 63-character host', (o) => (o.spec.host = 'h'.repeat(63))],
        ['tlsCredentials naming a Secret', (o) => (o.spec.tlsCredentials = 'backend-tls.v1')],
        ['empty tlsCredentials (none)', (o) => (o.spec.tlsCredentials = '')],
        ['every observer', (o) => (o.spec.observer = 'http2')],
        ['exposePodsByName', (o) => (o.spec.exposePodsByName = false)],
        ['settings', (o) => (o.spec.settings = { key: 'value' })],
        ['a dotted name', (o) => (o.metadata.name = 'backend.v1')],
        // The API server prunes a null in a field the CRD declares, before any webhook sees it; YAML's `tlsCredentials:` is one.
        ['null optional fields, which the API server prunes', (o) => Object.assign(o.spec, { tlsCredentials: null, type: null, observer: null, exposePodsByName: null, settings: null })],
        ['a null settings value', (o) => (o.spec.settings = { a: null, b: 'c' })],
        ['a generateName and no name yet (offline)', (o) => ((o.metadata.generateName = 'backend-'), delete o.metadata.name)],
      ];
      for (const [name, edit] of valid) {
        it(`admits ${name} without warnings`, () => {
          const object = validListener();
          edit(object);
          expect(webhooks.validate(requestFor(object))).to.deep.equal({ uid: requestFor(object).uid, allowed: true });
        });
      }
    });

    context('when the name breaks the rules the API server applies to every object', () => {
      const cases: Array<[string, Edit, StatusCause]> = [
        ['a name that is not a DNS-1123 subdomain', (o) => (o.metadata.name = 'Bad_Name'), { reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`, field: 'metadata.name' }],
        ['a name with a line break', (o) => (o.metadata.name = 'b\nc'), { reason: 'FieldValueInvalid', message: `Invalid value: "b\\nc": ${SUBDOMAIN_MSG}`, field: 'metadata.name' }],
        ['no name and no generateName', (o) => delete o.metadata.name, { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
        ['a generateName that no name could start with', (o) => ((o.metadata.generateName = 'Back-'), delete o.metadata.name), { reason: 'FieldValueInvalid', message: `Invalid value: "Back-": ${SUBDOMAIN_MSG}`, field: 'metadata.generateName' }],
      ];
      for (const [rule, edit, expected] of cases) {
        it(`denies ${rule}, as the cluster would`, () => {
          const object = validListener();
          edit(object);
          const response = webhooks.validate(requestFor(object));
          expect(response.allowed).to.equal(false);
          expect(response.status?.details?.causes).to.deep.equal([expected]);
        });
      }
    });

    context('when a rule is broken', () => {
      const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field });
      const invalid: Array<[string, Edit, StatusCause[]]> = [
        ['spec is required', (o) => delete o.spec, [required('spec')]],
        ['routingKey, port and host are required', (o) => (o.spec = {}), [required('spec.routingKey'), required('spec.port'), required('spec.host')]],
        ['routingKey may not be empty', (o) => (o.spec.routingKey = ''), [required('spec.routingKey')]],
        ['a null required field is absent, as the API server prunes it', (o) => (o.spec.host = null), [required('spec.host')]],
        ['a null spec is absent', (o) => (o.spec = null), [required('spec')]],
        ['host may not be empty', (o) => (o.spec.host = ''), [required('spec.host')]],
        ['port 0 is too small', (o) => (o.spec.port = 0), [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0: spec.port in body should be greater than or equal to 1', field: 'spec.port' }]],
        ['port 65536 is too large', (o) => (o.spec.port = 65536), [{ reason: 'FieldValueInvalid', message: 'Invalid value: 65536: spec.port in body should be less than or equal to 65535', field: 'spec.port' }]],
        ['port must be an integer', (o) => (o.spec.port = 80.5), [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "number": spec.port in body must be of type integer: "number"', field: 'spec.port' }]],
        ['port may not be a string', (o) => (o.spec.port = '8080'), [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.port in body must be of type integer: "string"', field: 'spec.port' }]],
        ['host must be a DNS-1035 label', (o) => (o.spec.host = 'Backend'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "Backend": ${DNS1035_MSG}: ${HOST_REASON}`, field: 'spec.host' }]],
        ['host may not start with a digit', (o) => (o.spec.host = '10.0.0.1'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "10.0.0.1": ${DNS1035_MSG}: ${HOST_REASON}`, field: 'spec.host' }]],
        [
          'host is at most 63 characters',
          (o) => (o.spec.host = 'h'.repeat(64)),
          [{ reason: 'FieldValueInvalid', message: `Invalid value: "${'h'.repeat(64)}": must be no more than 63 characters: ${HOST_REASON}`, field: 'spec.host' }],
        ],
        ['tlsCredentials must be a Secret name', (o) => (o.spec.tlsCredentials = 'My_Secret'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "My_Secret": ${SUBDOMAIN_MSG}`, field: 'spec.tlsCredentials' }]],
        ['type must be a string', (o) => (o.spec.type = 7), [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "integer": spec.type in body must be of type string: "integer"', field: 'spec.type' }]],
        ['observer must be a known value', (o) => (o.spec.observer = 'http3'), [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: "http3": supported values: "auto", "none", "http1", "http2"', field: 'spec.observer' }]],
        ['exposePodsByName must be a boolean', (o) => (o.spec.exposePodsByName = 1), [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "integer": spec.exposePodsByName in body must be of type boolean: "integer"', field: 'spec.exposePodsByName' }]],
      ];
      for (const [rule, edit, expected] of invalid) {
        it(`denies: ${rule}`, () => {
          const object = validListener();
          edit(object);
          const response = webhooks.validate(requestFor(object));
          expect(response.allowed).to.equal(false);
          expect(response.status).to.include({ code: 422, reason: 'Invalid', status: 'Failure' });
          expect(response.status?.details).to.include({ kind: 'Listener', group: 'skupper.io', name: 'backend' });
          expect(response.status?.details?.causes).to.deep.equal(expected);
        });
      }
    });

    it('admits another type with a warning quoting it', () => {
      const object = validListener();
      object.spec.type = 'udp';
      expect(webhooks.validate(requestFor(object))).to.deep.equal({
        uid: requestFor(object).uid,
        allowed: true,
        warnings: ['spec.type: unsupported listener type "udp": Skupper only supports "tcp" and will ignore this listener'],
      });
    });

    it('warns about fields the documentation does not know', () => {
      const object = validListener();
      object.spec.hostname = 'x';
      expect(webhooks.validate(requestFor(object)).warnings).to.deep.equal(['unknown field "spec.hostname"']);
    });
  });

  describe('defaulting', () => {
    const cases: Array<[string, Edit, unknown[], Edit]> = [
      ['adds type tcp when absent', () => {}, [{ op: 'add', path: '/spec/type', value: 'tcp' }], (o) => (o.spec.type = 'tcp')],
      ['replaces an empty type', (o) => (o.spec.type = ''), [{ op: 'replace', path: '/spec/type', value: 'tcp' }], (o) => (o.spec.type = 'tcp')],
      ['replaces a null type', (o) => (o.spec.type = null), [{ op: 'replace', path: '/spec/type', value: 'tcp' }], (o) => (o.spec.type = 'tcp')],
      ['adds the whole spec when spec is missing', (o) => delete o.spec, [{ op: 'add', path: '/spec', value: { type: 'tcp' } }], (o) => (o.spec = { type: 'tcp' })],
      ['never overrides an explicit type', (o) => (o.spec.type = 'udp'), [], () => {}],
      ['leaves tcp alone (no patch at all)', (o) => (o.spec.type = 'tcp'), [], () => {}],
      ['leaves a spec of the wrong type to validation', (o) => (o.spec = 'nonsense'), [], () => {}],
    ];
    for (const [name, edit, expectedPatch, expectedEdit] of cases) {
      it(name, () => {
        const object = validListener();
        edit(object);
        const expected = structuredClone(object);
        expectedEdit(expected);
        const { patch, result, response } = mutate(object);
        expect(patch).to.deep.equal(expectedPatch);
        expect(result).to.deep.equal(expected);
        if (expectedPatch.length === 0) expect(response).to.deep.equal({ uid: requestFor(object).uid, allowed: true });
        else expect(response.patchType).to.equal('JSONPatch');
      });
    }

    it('is idempotent: mutating the patched object yields no patch', () => {
      const { result } = mutate(validListener());
      expect(mutate(result).patch).to.deep.equal([]);
    });

    it('defaults on UPDATE too', () => {
      expect(mutate(validListener(), 'UPDATE').patch).to.have.length(1);
    });

    it('never mutates DELETE', () => {
      expect(mutate(validListener(), 'DELETE').response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('leaves a status write alone, on both webhooks: it cannot change the spec, and a patch to it would be dropped', () => {
      const broken = validListener();
      delete broken['spec'].type;
      broken['spec'].host = 'Not_A_Service';
      const request = requestFor(broken, { operation: 'UPDATE', oldObject: validListener(), subResource: 'status' });
      expect(webhooks.mutate(request)).to.deep.equal({ uid: request.uid, allowed: true });
      expect(webhooks.validate(request)).to.deep.equal({ uid: request.uid, allowed: true });
      // The same write to the object itself is reviewed.
      expect(webhooks.validate({ ...request, subResource: undefined }).allowed).to.equal(false);
      expect(mutate(broken, 'UPDATE').patch).to.have.length(1);
    });

    it('passes other kinds untouched', () => {
      const response = webhooks.mutate({ ...requestFor(validListener()), kind: { group: '', version: 'v1', kind: 'Service' } });
      expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('refuses a CREATE without an object', () => {
      const response = webhooks.mutate({ ...requestFor(validListener()), object: undefined });
      expect(response.allowed).to.equal(false);
      expect(response.status?.code).to.equal(400);
    });
  });

  context('when an UPDATE comes after the deletionTimestamp', () => {
    const deleting = (object: Record<string, any>, finalizers: string[]) => {
      object.metadata.deletionTimestamp = '2026-11-22T00:00:00Z';
      object.metadata.finalizers = finalizers;
      return object;
    };

    it('admits the removal of the last finalizer', () => {
      const response = webhooks.validate(requestFor(deleting(validListener(), []), { operation: 'UPDATE', oldObject: deleting(validListener(), ['example.com/hold']) }));
      expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('denies a broken spec, as on any UPDATE (add a finalizer, delete, then edit the spec: no way past the rules)', () => {
      const object = deleting(validListener(), ['example.com/hold']);
      Object.assign(object.spec, { port: 0, host: 'Bad_Host' });
      const response = webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: deleting(validListener(), ['example.com/hold']) }));
      expect(response.allowed).to.equal(false);
      expect((response.status?.details?.causes ?? []).map((c: StatusCause) => c.field)).to.deep.equal(['spec.port', 'spec.host']);
    });

    it('defaults a changed spec on /mutate, and leaves a metadata-only change alone', () => {
      const changed = deleting(validListener(), []);
      changed.spec.port = 9090;
      const oldObject = deleting(validListener(), ['example.com/hold']);
      expect(decodePatch(webhooks.mutate(requestFor(changed, { operation: 'UPDATE', oldObject })))).to.have.length(1);
      expect(decodePatch(webhooks.mutate(requestFor(deleting(validListener(), []), { operation: 'UPDATE', oldObject })))).to.deep.equal([]);
    });
  });
});
