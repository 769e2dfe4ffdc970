package io.guestops.grr.kube;

import io.guestops.grr.graph.gateway.GraphCallListener;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

/**
 * Who watches a running operator: JOSDK's reconcile metrics, the Graph gateways' calls, and the
 * operator's own passes. The metrics package provides one; {@link #NONE} watches nothing.
 *
 * @param reconcileMetrics JOSDK's metrics (reconciliations, their duration and failures)
 * @param graphCalls       told about every exchange with Graph and its token authority
 * @param reconciles       told about resets sent, outcomes recorded and leadership
 */
public record Instrumentation(Metrics reconcileMetrics, GraphCallListener graphCalls, ReconcileListener reconciles) {

    public static final Instrumentation NONE = new Instrumentation(Metrics.NOOP, GraphCallListener.NONE, ReconcileListener.NONE);
}
