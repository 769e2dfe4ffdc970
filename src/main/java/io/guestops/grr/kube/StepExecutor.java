package io.guestops.grr.kube;

import io.guestops.grr.decision.NextStatus;
import io.guestops.grr.decision.Outcome;
import io.guestops.grr.decision.Outcomes;
import io.guestops.grr.decision.ResolvedGuest;
import io.guestops.grr.decision.Step;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GraphResult;
import io.guestops.grr.graph.IssuedInvitation;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Clock;
import java.util.Objects;
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
    private final Clock clock;
    private final ReconcileListener listener;

    StepExecutor(Outcomes outcomes, Clock clock, ReconcileListener listener) {
        this.outcomes = outcomes;
        this.clock = clock;
        this.listener = listener;
    }

    /** What the executor needs to know about the pass it serves. */
    record Target(GuestRedemptionReset resource, GraphGateway graph, GuestRedemptionResetStatus draft, ResolvedGuest guest,
                  StatusWriter statusWriter) {}

    Outcome execute(Step step, Target target) {
        if (step instanceof Step.UpdateEmails update) {
            return updateEmails(update, target);
        }
        if (step instanceof Step.IssueReset reset) {
            return issueReset(reset, target);
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

    private Outcome issueReset(Step.IssueReset reset, Target target) {
        // The intent must be durable before the request leaves: if this write fails, nothing is sent.
        target.draft().setPendingReset(reset.intent());
        writeInterim(reset, target);
        LOG.info("{}: POST invitation resetting user {} to {} (attempt {})", ResourceNames.of(target.resource()),
                reset.invitation().userId(), reset.invitation().email(), reset.intent().getAttempts());
        GraphResult<IssuedInvitation> result = target.graph().resetRedemption(reset.invitation());
        listener.resetIssued();
        return outcomes.afterReset(reset, result, target.draft(), clock.instant());
    }

    private void writeInterim(Step step, Target target) {
        GuestRedemptionReset resource = target.resource();
        NextStatus.applyInterim(target.draft(), outcomes.inProgress(step), target.guest(), resource.getSpec().getDesiredEmail(),
                ResourceNames.generationOf(resource), clock.instant());
        target.statusWriter().write(target.draft());
    }

    private static boolean resolutionNotStored(Target target) {
        var stored = target.resource().getStatus();
        return stored == null || !Objects.equals(stored.getUserId(), target.guest().userId())
                || !Objects.equals(stored.getPreviousEmail(), target.guest().previousEmail());
    }
}
