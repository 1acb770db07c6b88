import { createWebhooks } from '../../src/admission/webhooks.js';
import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/attached-connector.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';

const webhooks = createWebhooks();

describe('AttachedConnector', () => {
  describe('validation', () => {
    describeValidation(webhooks, VALID, INVALID);
  });

  describe('defaulting', () => {
    describeDefaulting(webhooks, DEFAULTS);
  });
});
