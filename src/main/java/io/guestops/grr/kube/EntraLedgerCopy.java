package io.guestops.grr.kube;

import io.guestops.grr.model.GuestReference;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional copy of the reset ledger in Entra ID: each reset request noted on the guest itself
 * ({@link ResetRequestNote}, an open extension) before the reset is sent. It outlives the cluster:
 * a cluster rebuilt from Git, restored from a backup without its Leases, or a second cluster on the
 * same tenant finds the request and settles it from the guest's state instead of sending it again.
 * Creating a note is atomic per request (Graph answers 409 for an existing name), so of two
 * operators asking at once exactly one sends the reset. Costs one Graph write per reset (and one
 * more to retire the previous request's note), counted against the tenant's write limit.
 */
final class EntraLedgerCopy {

    private static final Logger LOG = LoggerFactory.getLogger(EntraLedgerCopy.class);

    private final boolean enabled;

    EntraLedgerCopy(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * The claim with the Entra copy's note of the spec's request as the ledger's intent, when the
     * cluster's ledger knows nothing of that request (a fresh cluster, another cluster's request).
     * Unavailable when the note cannot be read: without it a write could repeat another cluster's.
     */
    GuestClaim readInto(GuestClaim claim, GraphGateway graph, String userId, GuestRedemptionResetSpec spec) {
        if (!enabled || !(claim instanceof GuestClaim.HeldBySelf held)) {
            return claim;
        }
        GuestLedger cluster = held.ledger();
        if (cluster.covers(userId, spec) || cluster.pending() != null) {
            return claim;
        }
        GraphResult<List<ResetRequestNote>> notes = graph.readResetNotes(userId);
        if (!notes.isSuccess()) {
            return new GuestClaim.Unavailable("the reset requests noted on the guest in Entra ID could not be read: "
                    + notes.failure().describe());
        }
        String wanted = ResetRequestNote.extensionNameOf(spec.getDesiredEmail(), spec.resetRequestName());
        return notes.value().stream().filter(note -> note.extensionName().equals(wanted)).findFirst()
                .<GuestClaim>map(note -> new GuestClaim.HeldBySelf(new GuestLedger(cluster.last(), intentOf(userId, note), true,
                        cluster.earlierRequests())))
                .orElse(claim);
    }

    /**
     * Notes {@code intent} on the guest before its reset is sent. Empty when noted (or the copy is
     * off); otherwise why the reset must not be sent now.
     */
    Optional<String> note(GraphGateway graph, PendingReset intent, String previousEmail) {
        if (!enabled) {
            return Optional.empty();
        }
        ResetRequestNote note = noteOf(intent, previousEmail);
        if (intent.getAttempts() > 1) {
            GraphResult<Void> updated = graph.updateResetNote(intent.getUserId(), note);
            if (updated.isSuccess()) {
                return Optional.empty();
            }
        }
        GraphResult<Boolean> created = graph.createResetNote(intent.getUserId(), note);
        if (!created.isSuccess() && created.failure() instanceof GraphFailure.InvalidRequest) {
            created = createMakingRoom(graph, note, intent.getUserId());
        }
        if (!created.isSuccess()) {
            return Optional.of("noting the request on the guest in Entra ID failed: " + created.failure().describe());
        }
        return created.value() ? Optional.empty() : Optional.of("another operator noted the same request on the guest in "
                + "Entra ID first and sends it; this one waits for its outcome");
    }

    /**
     * After a reset took effect: the note of the request it supersedes (the ledger's last one) is
     * retired, with no read, so the guest keeps one note (Graph keeps at most two open extensions
     * per application on a user).
     */
    void retirePrevious(GraphGateway graph, PendingReset done, ResetRecord previous) {
        if (!enabled || previous == null) {
            return;
        }
        String name = ResetRequestNote.extensionNameOf(previous.getEmail(), previous.requestName());
        if (!name.equals(ResetRequestNote.extensionNameOf(done.getEmail(), done.requestName()))) {
            retire(graph, done.getUserId(), name);
        }
    }

    /**
     * A note refused because the guest already holds as many open extensions of this application as
     * Graph allows (notes a fresh cluster could not know to retire): every other request's note is
     * superseded by this one, so they are retired, read once, and the note is created again.
     */
    private GraphResult<Boolean> createMakingRoom(GraphGateway graph, ResetRequestNote note, String userId) {
        GraphResult<List<ResetRequestNote>> notes = graph.readResetNotes(userId);
        if (!notes.isSuccess()) {
            return GraphResult.failed(notes.failure());
        }
        notes.value().stream().map(ResetRequestNote::extensionName).filter(name -> !name.equals(note.extensionName()))
                .forEach(name -> retire(graph, userId, name));
        return graph.createResetNote(userId, note);
    }

    private static void retire(GraphGateway graph, String userId, String name) {
        GraphResult<Void> deleted = graph.deleteResetNote(userId, name);
        if (!deleted.isSuccess() && !(deleted.failure() instanceof GraphFailure.NotFound)) {
            LOG.warn("Could not retire the reset request {} noted on user {}: {}", name, userId, deleted.failure().describe());
        }
    }

    private static ResetRequestNote noteOf(PendingReset intent, String previousEmail) {
        return new ResetRequestNote(intent.getEmail(), intent.requestName(), intent.getAttemptedAt(),
                intent.getBaselineStateChangeTime(), intent.getRequestedBy(), intent.getAttempts(), previousEmail);
    }

    /**
     * For a resource without a resolution of its own on a cluster that has no claim for its guest
     * (rebuilt from Git, or a second cluster): the guest noted with this very request, and the mail
     * it had before the operator changed it. By {@code guest.userId} that user's note; by
     * {@code guest.email}, the one guest among those invited as that address or holding it whose note of this request names it as its previous mail. Empty when the
     * copy is off, nothing matches or several do; a failure when Graph cannot be read (the pass then
     * waits and asks again, as for any read it needs).
     */
    GraphResult<Optional<ResolvedGuest>> notedResolution(GraphGateway graph, GuestRedemptionResetSpec spec) {
        if (!enabled) {
            return GraphResult.success(Optional.empty(), null);
        }
        String wanted = ResetRequestNote.extensionNameOf(spec.getDesiredEmail(), spec.resetRequestName());
        GuestReference guest = spec.getGuest();
        List<String> candidates;
        if (guest.getUserId() != null && !guest.getUserId().isBlank()) {
            candidates = List.of(guest.getUserId().trim());
        } else {
            // Invited as that address (the UPN keeps it), or still holding it (in otherMails, say).
            GraphResult<List<GuestUser>> invited = graph.findGuestsInvitedAs(guest.getEmail().trim());
            GraphResult<List<GuestUser>> holders = graph.findAddressHolders(List.of(guest.getEmail().trim()));
            if (!invited.isSuccess() || !holders.isSuccess()) {
                return GraphResult.failed(invited.isSuccess() ? holders.failure() : invited.failure());
            }
            candidates = Stream.concat(invited.value().stream(), holders.value().stream()).filter(GuestUser::isGuest)
                    .map(GuestUser::id).distinct().limit(MAX_CANDIDATES).toList();
        }
        List<ResolvedGuest> noted = new ArrayList<>();
        for (String userId : candidates) {
            GraphResult<List<ResetRequestNote>> notes = graph.readResetNotes(userId);
            if (!notes.isSuccess()) {
                return GraphResult.failed(notes.failure());
            }
            notes.value().stream().filter(note -> note.extensionName().equals(wanted))
                    .filter(note -> guest.getEmail() == null || Emails.same(guest.getEmail(), note.previousEmail()))
                    .findFirst().ifPresent(note -> noted.add(new ResolvedGuest(userId, note.previousEmail())));
        }
        return GraphResult.success(noted.size() == 1 ? Optional.of(noted.get(0)) : Optional.empty(), null);
    }

    /** Few guests share an address; more than this are not searched (never a guess among many). */
    private static final int MAX_CANDIDATES = 5;


    private static PendingReset intentOf(String userId, ResetRequestNote note) {
        return new PendingReset(userId, note.email(), note.baselineStateChangeTime(), note.requestedAt(), note.attempts())
                .forRequest(note.request(), note.requestedBy());
    }
}
