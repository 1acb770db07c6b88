import { expect } from 'chai';
import { INVALID, VALID, validMultiKeyListener } from '../fixtures/cases/multi-key-listener.js';
import { requestFor } from '../fixtures/reviews.js';
import { describeValidation } from '../support/admission-cases.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const webhooks = defaultWebhooks();

describe('MultiKeyListener', () => {
  describe('validation', () => {
    describeValidation(VALID, INVALID);

    it('warns about fields the CRD does not know', () => {
      const object = validMultiKeyListener();
      object['spec'].strategy.priority.order = 'first';
      expect(webhooks.validate(requestFor(object)).warnings).to.deep.equal(['unknown field "spec.strategy.priority.order"']);
    });
  });

  describe('defaulting', () => {
    it('has none: a MultiKeyListener passes /mutate unpatched', () => {
      const request = requestFor(validMultiKeyListener());
      expect(webhooks.mutate(request)).to.deep.equal({ uid: request.uid, allowed: true });
    });
  });
});
