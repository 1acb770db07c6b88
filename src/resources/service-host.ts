/**
 * The host rule of every kind whose spec.host Skupper turns into the name of
 * a Service in the object's namespace (FACTS.md: site.go, Expose), so that
 * Listener and MultiKeyListener can never drift apart: a Service name is a
 * DNS-1035 label.
 */
import { type FieldError, invalid } from '../validation/field-error.js';
import { isDNS1035Label } from '../validation/names.js';
import type { RuleContext } from './resource.js';

/** HOST_REASON says why the host must be a Service name. */
export const HOST_REASON = 'on Kubernetes, Skupper creates a Service named after the host';

/**
 * serviceHostErrors checks host, the value of field, as a Service name. It
 * takes the rule context because which Service names a cluster accepts is a
 * property of the cluster (RelaxedServiceNameValidation), not of the kind.
 */
export function serviceHostErrors(field: string, host: string, _context: RuleContext): FieldError[] {
  return isDNS1035Label(host).map((message) => invalid(field, host, `${message}: ${HOST_REASON}`));
}
