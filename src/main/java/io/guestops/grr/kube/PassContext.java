package io.guestops.grr.kube;

import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.List;

/**
 * What one pass over one resource has learned so far, filled in stage by stage by {@link ReconcilePass}
 * (in the spirit of Flink's per-reconcile resource context): the operator's effects and `plan`'s
 * read what they need from it. The status is this pass's own copy, the draft the pass writes.
 */
public final class PassContext {

    private final GuestRedemptionReset resource;
    private final GuestRedemptionResetStatus status;
    private final Peer self;
    private Guardrails guardrails;
    private GraphGateway graph;
    private Observation observation;
    private ResolvedGuest guest = ResolvedGuest.UNKNOWN_GUEST;
    private List<Peer> others = List.of();
    private Admission admission = Admission.UNRESTRICTED;
    private GuestClaim claim = GuestClaim.UNREAD;

    /**
     * @param resource the resource as the pass found it
     * @param status   the pass's copy of its status (never the cached object: stages change it)
     * @param self     the resource as the one-owner rule sees it
     */
    public PassContext(GuestRedemptionReset resource, GuestRedemptionResetStatus status, Peer self) {
        this.resource = resource;
        this.status = status;
        this.self = self;
    }

    public GuestRedemptionReset resource() {
        return resource;
    }

    public GuestRedemptionResetStatus status() {
        return status;
    }

    public Peer self() {
        return self;
    }

    /** The policies that apply to the resource (set before any Graph read). */
    public Guardrails guardrails() {
        return guardrails;
    }

    /** The tenant's Graph gateway (set once the connection is known). */
    public GraphGateway graph() {
        return graph;
    }

    /** What Graph showed (set once read; null before). */
    public Observation observation() {
        return observation;
    }

    /** The guest the observation resolved to. */
    public ResolvedGuest guest() {
        return guest;
    }

    /** The other resources naming the guest (empty until the guest is found). */
    public List<Peer> others() {
        return others;
    }

    /** The policies' verdict on what Graph showed. */
    public Admission admission() {
        return admission;
    }

    /** What the pass knows of the guest's claim, as the step was decided on. */
    public GuestClaim claim() {
        return claim;
    }

    void guardrails(Guardrails guardrails) {
        this.guardrails = guardrails;
    }

    void graph(GraphGateway graph) {
        this.graph = graph;
    }

    void observed(Observation observation, ResolvedGuest guest) {
        this.observation = observation;
        this.guest = guest;
    }

    void judged(List<Peer> others, Admission admission) {
        this.others = others;
        this.admission = admission;
    }

    void claim(GuestClaim claim) {
        this.claim = claim;
    }
}
