/**
 * Test support: one Webhooks with default options for the whole test
 * process. createWebhooks compiles every guarded kind's schema (tens of
 * milliseconds), and hundreds of tests only need the default decision; the
 * handlers hold no state, so one instance serves them all. Tests of other
 * options (a cluster state, relaxed Service names, on-first-use compilation)
 * build their own with createWebhooks.
 */
import { createWebhooks, type Webhooks } from '../../src/admission/webhooks.js';

let shared: Webhooks | undefined;

/** defaultWebhooks returns this process's Webhooks with default options, built on first use. */
export function defaultWebhooks(): Webhooks {
  shared ??= createWebhooks();
  return shared;
}
