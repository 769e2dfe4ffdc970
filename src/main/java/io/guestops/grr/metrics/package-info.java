/**
 * The operator's metrics, served as Prometheus text on the health port's {@code /metrics}: Graph
 * calls (from the gateway's {@link io.guestops.grr.graph.gateway.GraphCallListener}), resets and refusals
 * (from the reconciler's {@link io.guestops.grr.kube.ReconcileListener}), resources by condition and
 * pending resets (from the controller's informer cache), leadership, the Kubernetes API's unexpected
 * failures (from {@link io.guestops.grr.kube.KubernetesApiErrors} on run's client), and JOSDK's reconcile metrics.
 * {@code kube} and {@code graph} own the listener interfaces; this package implements them and
 * nothing depends on it but the command line. No label ever carries an address, an id, a secret
 * or a token: every label value comes from a small fixed set or is checked against one.
 */
package io.guestops.grr.metrics;
