package io.guestops.grr.embedded.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the operator has reconciled, as JOSDK reports it: which resources at least once (how a
 * restart is known to have reached every resource, whatever the pass did), how many passes in all,
 * and how many are running now.
 */
public final class FirstReconciles implements Metrics {

    private final Set<ResourceID> reconciled = ConcurrentHashMap.newKeySet();
    private final Set<ResourceID> failed = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        started.incrementAndGet();
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        finished.incrementAndGet();
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        reconciled.add(ResourceID.fromResource(resource));
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        failed.add(ResourceID.fromResource(resource));
    }

    /** Resources reconciled at least once. */
    public int count() {
        return reconciled.size();
    }

    /** Resources whose reconcile threw at least once. */
    public int failures() {
        return failed.size();
    }

    /** Passes finished, every resource counted each time. */
    public long passes() {
        return finished.get();
    }

    /** Passes running now. */
    public long running() {
        return started.get() - finished.get();
    }
}
