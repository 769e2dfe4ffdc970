package io.guestops.grr.kube;

import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.decision.outcome.NextStatus;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.outcome.RedeemLinkStorage;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a step: the Graph write, preceded by the status write the protocol needs (the
 * guest's resolution before a PATCH, the intent before a reset). What the answer means is the
 * decision's ({@link Outcomes}); this class only does the I/O, in the right order.
 */
final class StepExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);

    private final Outcomes outcomes;
    private final RedeemLinkSecrets redeemLinks;
    private final Clock clock;
    private final ReconcileListener listener;
    private final Ledgers ledgers;
    private final GraphWriteFence fence;

    StepExecutor(Outcomes outcomes, RedeemLinkSecrets redeemLinks, Clock clock, ReconcileListener listener, Ledgers ledgers) {
        this(outcomes, redeemLinks, clock, listener, ledgers, GraphWriteFence.ALWAYS_OPEN);
    }

    /** @param fence every Graph write passes it first (the leader's proof that it still holds its Lease) */
    StepExecutor(Outcomes outcomes, RedeemLinkSecrets redeemLinks, Clock clock, ReconcileListener listener, Ledgers ledgers,
                 GraphWriteFence fence) {
        this.outcomes = outcomes;
        this.redeemLinks = redeemLinks;
        this.clock = clock;
        this.listener = listener;
        this.ledgers = ledgers;
        this.fence = fence;
    }

    /** Where the reset ledger lives: on the guests' claims, and optionally copied onto the guests in Entra ID. */
    record Ledgers(LedgerStore claims, EntraLedgerCopy entraCopy) {}

    /**
     * What the executor needs to know about the pass it serves.
     *
     * @param claim the guest's claim as the decision saw it: held by this resource, with the ledger it decided on
     */
    record Target(GuestRedemptionReset resource, GraphGateway graph, GuestRedemptionResetStatus draft, ResolvedGuest guest,
                  StatusStore statusStore, GuestClaim claim) {

        /** The ledger the decision saw; EMPTY when the claim was not read (no ledger write then). */
        GuestLedger ledger() {
            return claim instanceof GuestClaim.HeldBySelf held ? held.ledger() : GuestLedger.EMPTY;
        }

        Target writingThrough(GraphWriteFence fence) {
            return new Target(resource, new FencedGraphGateway(graph, fence), draft, guest, statusStore, claim);
        }
    }

    /**
     * @throws GraphWriteFence.Closed when the step writes to Graph and the fence is shut: nothing was
     *                                written, not even the intent (checked again before each write)
     */
    Outcome execute(Step step, Target unfenced) {
        if (step.writesToGraph()) {
            Optional<String> closed = fence.closedBecause();
            if (closed.isPresent()) {
                throw new GraphWriteFence.Closed(closed.get());
            }
        }
        // Every write below (the PATCH, the POST, the Entra copy's notes) checks the fence at the moment it is sent.
        Target target = unfenced.writingThrough(fence);
        // A refusal must come before the first write of the whole change, the PATCH included: a
        // redeem-link Secret someone else owns would stop the reset after the addresses were changed.
        String linkSecret = RedeemLinkSecrets.askedFor(target.resource());
        if (step.writesToGraph() && linkSecret != null) {
            Optional<String> holder = redeemLinks.heldByAnother(target.resource(), linkSecret);
            if (holder.isPresent()) {
                return outcomes.redeemLinkSecretInUse(linkSecret, holder.get());
            }
        }
        if (step instanceof Step.UpdateEmails update) {
            return updateEmails(update, target);
        }
        if (step instanceof Step.IssueReset reset) {
            return issueReset(reset, target);
        }
        if (step instanceof Step.ConfirmReset confirm) {
            return settleLedger(target, outcomes.confirmedFromUserState(confirm, RedeemLinkSecrets.askedFor(target.resource())));
        }
        Outcome outcome = outcomes.of(step, clock.instant());
        return step instanceof Step.DropPendingReset ? settleLedger(target, outcome) : outcome;
    }

    /**
     * A pass that settled the ledger's intent from Graph's state (it took effect, or is no longer
     * wanted) writes that to the ledger too, so the next resource for the guest does not settle it again.
     */
    private Outcome settleLedger(Target target, Outcome outcome) {
        GuestLedger before = target.ledger();
        if (target.claim() instanceof GuestClaim.HeldBySelf && before.pending() != null) {
            String userId = target.guest().userId();
            ledgers.claims().writeLedger(target.resource(), userId, before, before.after(outcome.recordedReset(), outcome.clearsPending()))
                    .ifPresent(problem -> LOG.warn("{}: could not settle the reset ledger of user {} ({}); the next pass "
                            + "settles it from Graph's state again", ResourceNames.of(target.resource()), userId, problem));
        }
        return outcome;
    }

    private Outcome updateEmails(Step.UpdateEmails update, Target target) {
        if (resolutionNotStored(target)) {
            // A guest found by its mail may be about to lose that mail: remember who it is first,
            // or a lost status write after the PATCH would leave the guest impossible to find.
            writeInterim(update, target);
        }
        LOG.info("{}: PATCH user {} {}", ResourceNames.of(target.resource()), update.userId(), update.update().describe());
        GraphResult<Void> result = target.graph().updateEmails(update.userId(), update.update());
        return outcomes.afterEmailUpdate(update, result, target.draft(), clock.instant());
    }

    /**
     * The order is the guarantee's: the intent is durable before the request leaves (if that write
     * fails, nothing is sent). A redeem link asked for is written to its Secret right after the 201
     * and before the record, so the one status write that records the reset also says where the
     * link is, or that it could not be stored; a failed Secret write cannot stop that record.
     */
    private Outcome issueReset(Step.IssueReset reset, Target target) {
        GuestRedemptionReset resource = target.resource();
        String linkSecret = RedeemLinkSecrets.askedFor(resource);
        Optional<String> notRecorded = recordIntent(reset.intent(), target);
        if (notRecorded.isPresent()) {
            return outcomes.ledgerNotWritten(notRecorded.get());
        }
        target.draft().setPendingReset(reset.intent());
        try {
            writeInterim(reset, target);
        } catch (RuntimeException statusNotWritten) {
            // Nothing is sent without the intent in status: take it back from the ledger too.
            withdrawIntent(reset.intent(), target);
            throw statusNotWritten;
        }
        LOG.info("{}: POST invitation resetting user {} to {} (attempt {})", ResourceNames.of(resource),
                reset.invitation().userId(), reset.invitation().email(), reset.intent().getAttempts());
        ResetInvitation invitation = linkSecret == null ? reset.invitation() : reset.invitation().keepingRedeemLink();
        GraphResult<IssuedInvitation> result = target.graph().resetRedemption(invitation);
        listener.resetIssued();
        Instant answeredAt = clock.instant();
        RedeemLinkStorage link = linkSecret != null && result.isSuccess()
                ? redeemLinks.store(resource, linkSecret, result.value(), invitation.userId(), invitation.email(), answeredAt)
                : RedeemLinkStorage.NOT_ASKED;
        Outcome outcome = outcomes.afterReset(reset, result, link, target.draft(), answeredAt);
        recordOutcome(reset.intent(), outcome, target);
        return outcome;
    }

    /**
     * The intent goes into the reset ledger before anything else: on the guest's claim (an
     * optimistic update, refused when the ledger changed since the decision read it), then, when
     * the Entra copy is on, onto the guest itself. A ledger that cannot be written sends nothing.
     */
    private Optional<String> recordIntent(PendingReset intent, Target target) {
        GuestLedger before = target.ledger();
        String userId = intent.getUserId();
        Optional<String> problem = ledgers.claims().writeLedger(target.resource(), userId, before, before.intending(intent));
        if (problem.isPresent()) {
            return Optional.of(ledgers.claims().describe(userId) + ": " + problem.get());
        }
        Optional<String> notNoted = ledgers.entraCopy().note(target.graph(), intent, target.guest().previousEmail());
        notNoted.ifPresent(why -> withdrawIntent(intent, target));
        return notNoted;
    }

    private void withdrawIntent(PendingReset intent, Target target) {
        GuestLedger before = target.ledger();
        ledgers.claims().writeLedger(target.resource(), intent.getUserId(), before.intending(intent), before)
                .ifPresent(problem -> LOG.warn("{}: could not withdraw the unsent reset intent from the ledger of user {} ({}); "
                        + "the next pass settles it from Graph's state", ResourceNames.of(target.resource()), intent.getUserId(),
                        problem));
    }

    /**
     * The answer goes into the ledger: a reset that took effect becomes its last record, a refused
     * one leaves no intent, an unknown one keeps it (Graph's state settles it later). A failed write
     * here is not fatal: the resource's status records the outcome, and an intent left in the ledger
     * is settled from Graph's state by whichever resource reads it next, never sent again blindly.
     */
    private void recordOutcome(PendingReset intent, Outcome outcome, Target target) {
        GuestLedger intended = target.ledger().intending(intent);
        GuestLedger after = intended.after(outcome.recordedReset(), outcome.clearsPending());
        if (after != intended) {
            ledgers.claims().writeLedger(target.resource(), intent.getUserId(), intended, after)
                    .ifPresent(problem -> LOG.warn("{}: could not record the reset of user {} in the ledger ({}); its intent "
                            + "stays there and is settled from Graph's state", ResourceNames.of(target.resource()),
                            intent.getUserId(), problem));
        }
        if (outcome.recordedReset() != null) {
            ledgers.entraCopy().retirePrevious(target.graph(), intent, target.ledger().last());
        }
    }

    private void writeInterim(Step step, Target target) {
        GuestRedemptionReset resource = target.resource();
        NextStatus.applyInterim(target.draft(), outcomes.inProgress(step), target.guest(), resource.getSpec().getDesiredEmail(),
                resource.getSpec().resetRequestName(), ResourceNames.generationOf(resource), clock.instant());
        target.statusStore().write(target.draft());
    }

    private static boolean resolutionNotStored(Target target) {
        var stored = target.resource().getStatus();
        return stored == null || !Objects.equals(stored.getUserId(), target.guest().userId())
                || !Objects.equals(stored.getPreviousEmail(), target.guest().previousEmail());
    }
}
