import { createWebhooks } from '../../src/admission/webhooks.js';
import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/connector.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';

const webhooks = createWebhooks();

describe('Connector', () => {
  describe('validation', () => {
    describeValidation(webhooks, VALID, INVALID);
  });

  describe('defaulting', () => {
    describeDefaulting(webhooks, DEFAULTS);
  });
});
