import { expect } from 'chai';
import { decodePatch } from '../../src/admission/offline-review.js';
import { MAX_CAUSES } from '../../src/admission/response.js';
import { createWebhooks, WEBHOOK_NAMES } from '../../src/admission/webhooks.js';
import { requestFor, validListener } from '../fixtures/reviews.js';

const UID = requestFor(undefined).uid;

/** withHost is the documented Listener with host. */
function withHost(host: string): Record<string, any> {
  const object = validListener();
  object['spec'].host = host;
  return object;
}

describe('createWebhooks', () => {
  const webhooks = createWebhooks();

  it('names the two webhooks after their paths, and builds a handler for each', () => {
    expect(WEBHOOK_NAMES).to.deep.equal(['validate', 'mutate']);
    expect(Object.keys(webhooks).sort()).to.deep.equal([...WEBHOOK_NAMES].sort());
  });

  it('validates on /validate and defaults on /mutate', () => {
    const request = requestFor(validListener());
    expect(webhooks.validate(request)).to.deep.equal({ uid: UID, allowed: true });
    expect(decodePatch(webhooks.mutate(request))).to.deep.equal([{ op: 'add', path: '/spec/type', value: 'tcp' }]);
  });

  context('when no Service name rule is given', () => {
    it('is strict; relaxed is used only when asked', () => {
      const request = () => requestFor(withHost('1db'));
      expect([createWebhooks().validate(request()).allowed, createWebhooks({ serviceNameValidation: 'relaxed' }).validate(request()).allowed]).to.deep.equal([false, true]);
    });
  });

  context('when an object breaks more rules than an answer shows', () => {
    it('spells out MAX_CAUSES - 1 causes and counts the rest in the last', () => {
      const object = validListener();
      object['spec'].settings = Object.fromEntries(Array.from({ length: MAX_CAUSES + 10 }, (_, i) => [`k${i}`, i]));
      const causes = webhooks.validate(requestFor(object)).status?.details?.causes ?? [];
      expect(causes).to.have.length(MAX_CAUSES);
      expect(causes.at(-1)).to.deep.equal({ message: `${MAX_CAUSES + 10 - (MAX_CAUSES - 1)} more errors not shown` });
    });
  });
});
