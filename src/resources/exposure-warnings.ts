/**
 * exposureWarnings reads the cluster cache for what Skupper would only report
 * after the fact about a Listener or MultiKeyListener, whose host names a
 * Service in its namespace and whose port is a port of that Service
 * (FACTS.md; internal/kube/site/site.go, CheckListener and Expose):
 * - another Listener or MultiKeyListener already has the same host and port:
 *   between two Listeners, the controller serves one and sets on the other the
 *   status "Listener <first> with host <host> and port <port> already exists
 *   in namespace"; with a MultiKeyListener, both become ports of one Service
 *   with one number, which Kubernetes refuses;
 * - a Service of that name exists that Skupper did not make (no
 *   internal.skupper.io/listener label): the controller leaves it alone and
 *   sets a Listener's status to "Service <host> already exists in namespace",
 *   while for a MultiKeyListener it takes the Service over, replacing its
 *   selector and ports with the router's.
 * They only ever warn: the cache can be stale, and the other object may be
 * on its way out.
 */
import { LISTENER_SERVICE_LABEL } from './cluster-labels.js';
import type { ExposureState, RuleContext } from './resource.js';

function clashWarning(self: ExposureState, other: ExposureState): string {
  const taken = `${other.kind} "${other.name}" in this namespace already has host "${self.host}" and port ${self.port}`;
  if (self.kind === 'Listener' && other.kind === 'Listener') {
    return `${taken}: Skupper serves only one of the two and sets on the other the status "Listener ${other.name} with host ${self.host} and port ${self.port} already exists in namespace"`;
  }
  return `${taken}: Skupper makes both ports of Service "${self.host}" with one port number, and Kubernetes refuses that Service`;
}

function serviceWarning(self: ExposureState, namespace: string): string {
  const found = `Service "${self.host}" already exists in namespace "${namespace}" and Skupper did not create it (it has no ${LISTENER_SERVICE_LABEL} label)`;
  if (self.kind === 'Listener') return `${found}: Skupper leaves it alone, does not expose this Listener, and sets its status to "Service ${self.host} already exists in namespace"`;
  return `${found}: Skupper takes it over for this MultiKeyListener, replacing its selector and ports with the router's`;
}

/** exposureWarnings returns the warnings for self, the object under review, in context's namespace, from the parts of the cache that are synced. */
export function exposureWarnings(self: ExposureState, context: RuleContext): string[] {
  const state = context.clusterState;
  const namespace = context.namespace;
  if (state === undefined || namespace === undefined) return [];
  const warnings: string[] = [];
  if (state.synced('listeners', 'multikeylisteners')) {
    for (const other of state.exposures(namespace, self.host)) {
      if (other.port === self.port && !(other.kind === self.kind && other.name === self.name)) warnings.push(clashWarning(self, other));
    }
  }
  if (state.synced('services') && state.service(namespace, self.host)?.skupperOwned === false) warnings.push(serviceWarning(self, namespace));
  return warnings;
}
