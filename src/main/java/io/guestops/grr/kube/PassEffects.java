package io.guestops.grr.kube;

import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The port through which {@link ReconcilePass} touches the world: the operator's implementation
 * reads and writes the cluster and Graph; `plan`'s only reads, and turns the pass's end into a
 * planned action instead of a status write. {@code R} is how a pass ends for the caller.
 */
public interface PassEffects<R> {

    /** The resolution (guest id, mail before the change) the guest's claim keeps for this request, if any. */
    Optional<ResolvedGuest> claimedResolution(GuestRedemptionResetSpec spec);

    /** The policies that apply to the resource. */
    Guardrails guardrailsFor(GuestRedemptionReset resource);

    /** The tenant's gateway; a problem with the connection the resource names ends the pass. */
    GraphGateway gatewayFor(GuestRedemptionReset resource) throws GatewayProvider.ConnectionProblem;

    /** How the pass ends with no Graph read at all (the guest seen unchanged), or empty to go on. */
    Optional<R> endWithoutRead(PassContext pass);

    /** Runs the pass's Graph work inside the tenant's budget, or ends the pass when it has no room. */
    R inGraphBudget(PassContext pass, Supplier<R> graphWork);

    /** The guest as Graph shows it, with everything the decision asks to be read before a write. */
    Observation observe(PassContext pass);

    /** The other resources naming the guest (the one-owner rule's peers). */
    List<Peer> othersNaming(PassContext pass, GuestUser user);

    /** Runs {@code work} alone for this guest within the process (two passes never decide on one guest at once). */
    R exclusively(String userId, Supplier<R> work);

    /** This resource no longer names a guest it may own (refused before Graph, or its guest not found). */
    void releaseGuest(PassContext pass);

    /** What is known of the guest's claim without a Kubernetes request. */
    GuestClaim knownClaim(PassContext pass, String userId);

    /** The claim after reading or taking it, as {@link ClaimRule#accessFor} asks. */
    GuestClaim accessClaim(PassContext pass, ClaimRule.Access access, GuestUser user);

    /** Before a reset: the claim with the request noted on the guest in Entra ID, when that copy is kept. */
    GuestClaim withEntraCopy(PassContext pass, GuestClaim claim);

    /** The step, or a wait when the admitting policy's blast-radius limit has no room for it. */
    Step withinResetLimit(PassContext pass, Step step);

    /** The pass ends before Graph with {@code outcome} (invalid spec, policy refusal, connection problem). */
    R endBeforeGraph(PassContext pass, Outcome outcome);

    /** The pass acts on its step (the operator: executes and records it; `plan`: describes it). */
    R act(PassContext pass, Step step);
}
