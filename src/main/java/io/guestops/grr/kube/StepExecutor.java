package io.guestops.grr.kube;

import io.guestops.grr.decision.NextStatus;
import io.guestops.grr.decision.Outcome;
import io.guestops.grr.decision.Outcomes;
import io.guestops.grr.decision.RedeemLinkStorage;
import io.guestops.grr.decision.ResolvedGuest;
import io.guestops.grr.decision.Step;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GraphResult;
import io.guestops.grr.graph.IssuedInvitation;
import io.guestops.grr.graph.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
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

    StepExecutor(Outcomes outcomes, RedeemLinkSecrets redeemLinks, Clock clock, ReconcileListener listener) {
        this.outcomes = outcomes;
        this.redeemLinks = redeemLinks;
        this.clock = clock;
        this.listener = listener;
    }

    /** What the executor needs to know about the pass it serves. */
    record Target(GuestRedemptionReset resource, GraphGateway graph, GuestRedemptionResetStatus draft, ResolvedGuest guest,
                  StatusStore statusStore) {}

    Outcome execute(Step step, Target target) {
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
            return outcomes.confirmedFromUserState(confirm, RedeemLinkSecrets.askedFor(target.resource()));
        }
        return outcomes.of(step, clock.instant());
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
        target.draft().setPendingReset(reset.intent());
        writeInterim(reset, target);
        LOG.info("{}: POST invitation resetting user {} to {} (attempt {})", ResourceNames.of(resource),
                reset.invitation().userId(), reset.invitation().email(), reset.intent().getAttempts());
        ResetInvitation invitation = linkSecret == null ? reset.invitation() : reset.invitation().keepingRedeemLink();
        GraphResult<IssuedInvitation> result = target.graph().resetRedemption(invitation);
        listener.resetIssued();
        Instant answeredAt = clock.instant();
        RedeemLinkStorage link = linkSecret != null && result.isSuccess()
                ? redeemLinks.store(resource, linkSecret, result.value(), invitation.userId(), invitation.email(), answeredAt)
                : RedeemLinkStorage.NOT_ASKED;
        return outcomes.afterReset(reset, result, link, target.draft(), answeredAt);
    }

    private void writeInterim(Step step, Target target) {
        GuestRedemptionReset resource = target.resource();
        NextStatus.applyInterim(target.draft(), outcomes.inProgress(step), target.guest(), resource.getSpec().getDesiredEmail(),
                ResourceNames.generationOf(resource), clock.instant());
        target.statusStore().write(target.draft());
    }

    private static boolean resolutionNotStored(Target target) {
        var stored = target.resource().getStatus();
        return stored == null || !Objects.equals(stored.getUserId(), target.guest().userId())
                || !Objects.equals(stored.getPreviousEmail(), target.guest().previousEmail());
    }
}
