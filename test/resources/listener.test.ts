import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { StatusCause } from '../../src/core/review.js';
import { requestFor, validListener } from '../fixtures/reviews.js';
import { DNS1035_MSG, LABEL_MSG, NAME_TOO_LONG_MSG, NO_DOTS_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';

const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';
/** STRICT_RULE and RELAXED_RULE name the Service name rule a host denial applied. */
const STRICT_RULE = 'a Service name must be a DNS-1035 label (--service-name-validation=strict)';
const RELAXED_RULE = 'a Service name must be a DNS-1123 label (--service-name-validation=relaxed, for clusters with RelaxedServiceNameValidation)';
const PORT_NAME_REASON = "Skupper names the port of the Listener's Service after the Listener, and a Service port name must be a DNS-1123 label";

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
        ['a 63-character name, the longest port name', (o) => (o.metadata.name = 'n'.repeat(63))],
        ['a name that starts with a digit (a port name may)', (o) => (o.metadata.name = '1backend')],
        // The API server prunes a null in a field the CRD declares, before any webhook sees it; YAML's `tlsCredentials:` is one.
        ['null optional fields, which the API server prunes', (o) => Object.assign(o.spec, { tlsCredentials: null, type: null, observer: null, exposePodsByName: null, settings: null })],
        ['a null settings value', (o) => (o.spec.settings = { a: null, b: 'c' })],
        ['a generateName and no name yet (offline)', (o) => ((o.metadata.generateName = 'backend-'), delete o.metadata.name)],
        ['a generateName whose dot the API server cuts off (after 58 characters)', (o) => ((o.metadata.generateName = `${'g'.repeat(58)}.x`), delete o.metadata.name)],
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

    context('when the name is a valid object name but no Service port name', () => {
      const portName = (value: string, message: string, field = 'metadata.name'): StatusCause => ({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(value)}: ${message}: ${PORT_NAME_REASON}`,
        field,
      });
      const long = `${'n'.repeat(62)}.v1`;
      const cases: Array<[string, Edit, StatusCause[]]> = [
        ['a name with a dot', (o) => (o.metadata.name = 'backend.v1'), [portName('backend.v1', NO_DOTS_MSG)]],
        ['a name of 64 characters', (o) => (o.metadata.name = 'n'.repeat(64)), [portName('n'.repeat(64), NAME_TOO_LONG_MSG)]],
        ['a long name with a dot, for both reasons', (o) => (o.metadata.name = long), [portName(long, NAME_TOO_LONG_MSG), portName(long, NO_DOTS_MSG)]],
        [
          'a generateName that makes a name with a dot (offline)',
          (o) => ((o.metadata.generateName = 'backend.v1-'), delete o.metadata.name),
          [portName('backend.v1-', NO_DOTS_MSG, 'metadata.generateName')],
        ],
      ];
      for (const [rule, edit, expected] of cases) {
        it(`denies ${rule}`, () => {
          const object = validListener();
          edit(object);
          const response = webhooks.validate(requestFor(object));
          expect(response.allowed).to.equal(false);
          expect(response.status?.details?.causes).to.deep.equal(expected);
        });
      }

      it('admits an UPDATE that leaves the stored name as it was (ratcheting: a name never changes)', () => {
        const stored = validListener();
        stored.metadata.name = 'backend.v1';
        const updated = structuredClone(stored);
        updated.metadata.labels = { tier: 'db' };
        updated.spec.port = 9090;
        expect(webhooks.validate(requestFor(updated, { operation: 'UPDATE', oldObject: stored }))).to.deep.equal({ uid: requestFor(updated).uid, allowed: true });
      });

      it('still denies what such an UPDATE breaks besides', () => {
        const stored = validListener();
        stored.metadata.name = 'backend.v1';
        const updated = structuredClone(stored);
        updated.spec.host = 'Backend';
        const response = webhooks.validate(requestFor(updated, { operation: 'UPDATE', oldObject: stored }));
        expect(response.status?.details?.causes?.map((cause) => cause.field)).to.deep.equal(['spec.host']);
      });
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
        ['host must be a DNS-1035 label', (o) => (o.spec.host = 'Backend'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "Backend": ${DNS1035_MSG}: ${STRICT_RULE}: ${HOST_REASON}`, field: 'spec.host' }]],
        ['host may not start with a digit', (o) => (o.spec.host = '1db'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "1db": ${DNS1035_MSG}: ${STRICT_RULE}: ${HOST_REASON}`, field: 'spec.host' }]],
        ['host may not be an IP address, which names no Service', (o) => (o.spec.host = '10.0.0.1'), [{ reason: 'FieldValueInvalid', message: `Invalid value: "10.0.0.1": ${DNS1035_MSG}: ${STRICT_RULE}: ${HOST_REASON}`, field: 'spec.host' }]],
        [
          'host is at most 63 characters',
          (o) => (o.spec.host = 'h'.repeat(64)),
          [{ reason: 'FieldValueInvalid', message: `Invalid value: "${'h'.repeat(64)}": ${NAME_TOO_LONG_MSG}: ${STRICT_RULE}: ${HOST_REASON}`, field: 'spec.host' }],
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

    context('when the cluster accepts relaxed Service names (--service-name-validation=relaxed)', () => {
      const relaxed = createWebhooks({ serviceNameValidation: 'relaxed' });
      const hostCause = (host: string, message: string): StatusCause => ({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(host)}: ${message}: ${RELAXED_RULE}: ${HOST_REASON}`,
        field: 'spec.host',
      });
      for (const host of ['1db', '123', 'backend', 'h'.repeat(63)]) {
        it(`admits host ${JSON.stringify(host.length > 20 ? `${host.slice(0, 5)}…` : host)}, a DNS-1123 label`, () => {
          const object = validListener();
          object.spec.host = host;
          expect(relaxed.validate(requestFor(object))).to.deep.equal({ uid: requestFor(object).uid, allowed: true });
        });
      }
      const denied: Array<[string, string, string[]]> = [
        ['a host that is no label', 'Backend', [LABEL_MSG]],
        ['a host with a dot', 'back.end', [NO_DOTS_MSG]],
        ['a host of 64 characters', 'h'.repeat(64), [NAME_TOO_LONG_MSG]],
      ];
      for (const [rule, host, messages] of denied) {
        it(`still denies ${rule}, naming the relaxed rule`, () => {
          const object = validListener();
          object.spec.host = host;
          expect(relaxed.validate(requestFor(object)).status?.details?.causes).to.deep.equal(messages.map((m) => hostCause(host, m)));
        });
      }

      it('changes nothing else: the port name rule is the same', () => {
        const object = validListener();
        object.metadata.name = 'backend.v1';
        expect(relaxed.validate(requestFor(object)).status?.details?.causes).to.deep.equal(webhooks.validate(requestFor(object)).status?.details?.causes);
      });
    });

    for (const type of ['udp', 'sctp']) {
      it(`admits type ${type} with a warning that says what Skupper then does`, () => {
        const object = validListener();
        object.spec.type = type;
        expect(webhooks.validate(requestFor(object))).to.deep.equal({
          uid: requestFor(object).uid,
          allowed: true,
          warnings: [
            `spec.type: Skupper supports only "tcp": for type "${type}" it still creates the Service, but configures no router listener, so nothing forwards the traffic and no status says why`,
          ],
        });
      });
    }

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
