/**
 * The host rule of every kind whose spec.host Skupper turns into the name of
 * a Service in the object's namespace (FACTS.md: site.go, Expose), so that
 * Listener and MultiKeyListener can never drift apart. Which Service names
 * are valid is the cluster's to say (serviceNameErrors, chosen by
 * --service-name-validation); why the host must be one is said here.
 */
import { type FieldError, invalid } from '../validation/field-error.js';
import { serviceNameErrors } from '../validation/service-name.js';
import type { RuleContext } from './resource.js';

/** HOST_REASON says why the host must be a Service name. */
export const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';

/**
 * serviceHostErrors checks host, the value of field, as a Service name under
 * the rule the context carries; each message names that rule, then why.
 */
export function serviceHostErrors(field: string, host: string, context: RuleContext): FieldError[] {
  return serviceNameErrors(host, context.serviceNameValidation).map((message) => invalid(field, host, `${message}: ${HOST_REASON}`));
}
