import { expect } from 'chai';
import { ObjectValidator } from '../../src/admission/object-validator.js';
import { MAX_CAUSES, MAX_WARNINGS } from '../../src/admission/response.js';
import { createValidate } from '../../src/admission/validate.js';
import { GUARDED_KINDS } from '../../src/resources/registry.js';
import type { ClusterState, ExposureState } from '../../src/resources/resource.js';
import { requestFor, validListener } from '../fixtures/reviews.js';

const UID = requestFor(undefined).uid;
const validator = new ObjectValidator(GUARDED_KINDS, { maxErrors: MAX_CAUSES, maxWarnings: MAX_WARNINGS });
const validate = createValidate(validator);

/** listenerWith is the documented Listener, changed by edit. */
function listenerWith(edit: (o: Record<string, any>) => void): Record<string, any> {
  const object = validListener();
  edit(object);
  return object;
}

describe('createValidate', () => {
  it('admits a valid object with no warnings', () => {
    expect(validate(requestFor(validListener()))).to.deep.equal({ uid: UID, allowed: true });
  });

  context('when the request is not a guarded write', () => {
    it('admits a DELETE and another kind, and refuses an unknown operation, as guardedWrite decides', () => {
      const broken = listenerWith((o) => (o['spec'] = {}));
      expect([
        validate(requestFor(broken, { operation: 'DELETE' })),
        validate({ ...requestFor(broken), kind: { group: '', version: 'v1', kind: 'Service' } }),
        validate(requestFor(broken, { operation: 'PATCH' })),
      ]).to.deep.equal([
        { uid: UID, allowed: true },
        { uid: UID, allowed: true },
        { uid: UID, allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'unsupported operation "PATCH"' } },
      ]);
    });
  });

  context('when the object breaks its kind\'s rules', () => {
    it('denies it with every violation at once, named after the request\'s group and the object\'s kind and name', () => {
      expect(validate(requestFor(listenerWith((o) => (o['spec'] = {}))))).to.deep.equal({
        uid: UID,
        allowed: false,
        status: {
          status: 'Failure',
          code: 422,
          reason: 'Invalid',
          message: 'Listener.skupper.io "backend" is invalid: [spec.routingKey: Required value, spec.port: Required value, spec.host: Required value]',
          details: {
            name: 'backend',
            group: 'skupper.io',
            kind: 'Listener',
            causes: [
              { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' },
              { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.port' },
              { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.host' },
            ],
          },
        },
      });
    });

    it('names the object after the request when the object carries no name', () => {
      const object = listenerWith((o) => ((o['spec'].port = 0), delete o['metadata'].name));
      const response = validate(requestFor(object, { name: 'from-request' }));
      expect(response.status?.details?.name).to.equal('from-request');
    });
  });

  context('when more errors are found than an answer spells out', () => {
    it('shows the first and counts the rest', () => {
      const capped = createValidate(new ObjectValidator(GUARDED_KINDS, { maxErrors: 1, maxWarnings: MAX_WARNINGS }));
      const response = capped(requestFor(listenerWith((o) => (o['spec'] = {}))));
      expect(response.status?.details?.causes).to.deep.equal([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' },
        { message: '2 more errors not shown' },
      ]);
    });
  });

  context('when more warnings are found than an answer spells out', () => {
    it('admits, with MAX_WARNINGS - 1 warnings and a count of the rest', () => {
      const object = listenerWith((o) => {
        for (let i = 0; i < MAX_WARNINGS + 4; i++) o['spec'][`extra${i}`] = i;
      });
      const response = validate(requestFor(object));
      expect(response.allowed).to.equal(true);
      expect(response.warnings).to.have.length(MAX_WARNINGS);
      expect(response.warnings?.[0]).to.equal('unknown field "spec.extra0"');
      expect(response.warnings?.at(-1)).to.equal('5 more warnings not shown');
    });
  });

  context('when the Service name rule is chosen', () => {
    const host = listenerWith((o) => (o['spec'].host = '1db'));
    const cases: [string, Parameters<typeof createValidate>[1], boolean][] = [
      ['strict by default, which refuses a host starting with a digit', {}, false],
      ['strict when asked', { serviceNameValidation: 'strict' }, false],
      ['relaxed when asked, which admits it', { serviceNameValidation: 'relaxed' }, true],
    ];
    for (const [name, options, admitted] of cases) {
      it(`is ${name}`, () => {
        expect(createValidate(validator, options)(requestFor(structuredClone(host))).allowed).to.equal(admitted);
      });
    }
  });

  context('when a cluster state is given', () => {
    it('asks it about the object\'s namespace, else the request\'s', () => {
      const asked: [string, string][] = [];
      const clusterState: ClusterState = {
        synced: () => true,
        attachedConnector: () => undefined,
        exposures: (namespace, host): ExposureState[] => (asked.push([namespace, host]), []),
        service: () => undefined,
      };
      const withCache = createValidate(validator, { clusterState });
      withCache(requestFor(validListener()));
      withCache(requestFor(listenerWith((o) => delete o['metadata'].namespace), { namespace: 'from-request' }));
      expect(asked).to.deep.equal([
        ['hello-world-west', 'backend'],
        ['from-request', 'backend'],
      ]);
    });
  });
});
