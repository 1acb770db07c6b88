/**
 * Webhooks is the whole decision of the product: the mutating and validating
 * handlers, built once (schemas compiled) and shared by `serve` and `check`.
 */
import { ObjectValidator, type SchemaCompilation } from './object-validator.js';
import { GUARDED_KINDS } from '../resources/registry.js';
import { createMutate } from './mutate.js';
import { MAX_CAUSES, MAX_WARNINGS } from './response.js';
import { type AdmissionHandler, createValidate, type ValidateOptions } from './validate.js';

/** WEBHOOK_NAMES are the two webhooks, which are also their URL paths (/validate, /mutate). */
export const WEBHOOK_NAMES = ['validate', 'mutate'] as const;

/** WebhookName is one of WEBHOOK_NAMES. */
export type WebhookName = (typeof WEBHOOK_NAMES)[number];

/** Webhooks maps each webhook to its handler. */
export type Webhooks = Record<WebhookName, AdmissionHandler>;

/**
 * WebhookOptions are what the decision may depend on besides the request
 * (the cluster cache, and the Service name rule, strict when not given), and
 * when the schemas are compiled (eager when not given).
 */
export interface WebhookOptions extends ValidateOptions {
  schemaCompilation?: SchemaCompilation;
}

/** createWebhooks returns both handlers, every schema compiled unless compilation is on first use. */
export function createWebhooks(options: WebhookOptions = {}): Webhooks {
  // The validator spells out no more than an answer shows: the rest is only counted.
  const validator = new ObjectValidator(GUARDED_KINDS, { maxErrors: MAX_CAUSES, maxWarnings: MAX_WARNINGS }, options.schemaCompilation);
  return {
    validate: createValidate(validator, options),
    mutate: createMutate(),
  };
}
