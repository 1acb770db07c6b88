/**
 * Labels Skupper puts on what it creates, which the cluster-state warnings
 * read (and the cache keeps only the answer of).
 */

/**
 * LISTENER_SERVICE_LABEL marks a Service Skupper made for its listeners
 * (internal/kube/site/site.go, Expose); its controller takes every Service
 * without it for someone else's (internal/kube/controller/controller.go,
 * sansSkupperListenerServices: `!internal.skupper.io/listener`).
 */
export const LISTENER_SERVICE_LABEL = 'internal.skupper.io/listener';
