package io.guestops.grr.kube;

import io.guestops.grr.decision.DriftCheck;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pass of a settled resource whose guest the tenant's {@link DriftWatch} has seen unchanged:
 * it ends with no Graph call and no Kubernetes write ({@link DriftCheck} says when). While the
 * watch's first round runs, a settled resource waits for it (woken at its end) instead of reading;
 * when the watch is unhealthy, or has no view of the guest, the pass reads Graph as before and the
 * watch keeps what it read.
 */
final class UnchangedGuestShortcut {

    private static final Logger LOG = LoggerFactory.getLogger(UnchangedGuestShortcut.class);
    /** No ticket: the watch is off, or the resource was not settled. */
    static final long NO_TICKET = -1;

    private final DriftWatches watches;
    private final ReconcileDecision decision;
    private final GuestPeers peers;
    private final Clock clock;
    private final Duration safetyNet;

    /** @param safetyNet when a skipped resource is looked at again anyway (the resync): a stopped watch then falls back to reading */
    UnchangedGuestShortcut(DriftWatches watches, ReconcileDecision decision, GuestPeers peers, Clock clock, Duration safetyNet) {
        this.watches = watches;
        this.decision = decision;
        this.peers = peers;
        this.clock = clock;
        this.safetyNet = safetyNet;
    }

    /** How the pass ends without a read, or empty when it must read Graph. */
    Optional<UpdateControl<GuestRedemptionReset>> tryEnd(GuestRedemptionReset resource, GraphGateway graph, Guardrails guardrails,
                                                         IndexedResourceCache<GuestRedemptionReset> cache) {
        if (!watches.enabled() || !DriftCheck.settledForGeneration(resource.getSpec(), ResourceNames.generationOf(resource),
                resource.getStatus())) {
            return Optional.empty();
        }
        DriftWatch watch = watches.of(graph, ConnectionSecrets.connectionName(resource));
        DriftWatch.View view = watch.view(resource.getStatus().getUserId());
        if (view instanceof DriftWatch.View.WarmingUp) {
            watch.wakeAfterBaseline(ResourceID.fromResource(resource));
            return Optional.of(endWithoutRead());
        }
        if (!(view instanceof DriftWatch.View.Seen seen)) {
            return Optional.empty();
        }
        List<Peer> others = peers.claimAndList(resource, seen.user(), cache, peers.everyShard());
        DriftCheck.Inputs inputs = new DriftCheck.Inputs(resource.getSpec(), ResourceNames.generationOf(resource),
                resource.getStatus(), seen.user(), GuestPeers.peerOf(resource), others, guardrails, clock.instant());
        if (!DriftCheck.maySkipRead(decision, inputs)) {
            return Optional.empty();
        }
        LOG.debug("{}: the delta watch shows its guest unchanged; nothing to read or write", ResourceNames.of(resource));
        return Optional.of(endWithoutRead());
    }

    /**
     * Taken before the pass reads the guest, for {@link #remember}. The first pass of a tenant starts
     * its watch, so resources that settle later are watched from the start.
     */
    long ticket(GuestRedemptionReset resource, GraphGateway graph) {
        return watches.enabled() ? watches.of(graph, ConnectionSecrets.connectionName(resource)).ticket() : NO_TICKET;
    }

    /** What the pass read of its guest, for the watch to keep while it has no view of that guest. */
    void remember(GraphGateway graph, Observation observation, long ticket) {
        if (ticket != NO_TICKET && observation instanceof Observation.Found found) {
            watches.existing(graph).ifPresent(watch -> watch.remember(found.user(), ticket));
        }
    }

    private UpdateControl<GuestRedemptionReset> endWithoutRead() {
        return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(safetyNet);
    }
}
