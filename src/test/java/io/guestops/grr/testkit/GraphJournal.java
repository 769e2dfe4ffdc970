package io.guestops.grr.testkit;

import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the Graph emulator says about one guest, for the tests on the embedded and the real API
 * server alike: its effective resets, and the writes the journal holds, in the order Graph received them.
 */
public final class GraphJournal {

    private GraphJournal() {
    }

    /** Effective resets of this user, from the emulator's directory. */
    public static List<InvitationRecord> resetsOf(GraphEmulator emulator, String userId) {
        return emulator.directory().invitations().stream()
                .filter(i -> i.resetRedemption() && userId.equals(i.invitedUserId())).toList();
    }

    /** Every request that wrote (or tried to write) to this user: PATCHes and invitations naming it. */
    public static List<JournalEntry> writesTo(GraphEmulator emulator, String userId) {
        return inOrder(emulator, e -> isPatchOf(e, userId) || isResetPostFor(e, userId));
    }

    /** The reset POSTs (answered, failed or dropped) that named this user. */
    public static List<JournalEntry> resetPostsFor(GraphEmulator emulator, String userId) {
        return inOrder(emulator, e -> isResetPostFor(e, userId));
    }

    /** The PATCHes of this user's addresses (answered or not). */
    public static List<JournalEntry> patchesTo(GraphEmulator emulator, String userId) {
        return requestsTo(emulator, "PATCH", userId);
    }

    /** Requests with this method whose path names the user. */
    public static List<JournalEntry> requestsTo(GraphEmulator emulator, String method, String userId) {
        return inOrder(emulator, e -> method.equals(e.method()) && e.path().contains("/users/" + userId));
    }

    /** Every write Graph received: not a read, a token request, the emulator's admin paths or a $batch envelope. */
    public static List<JournalEntry> writes(GraphEmulator emulator) {
        return emulator.journal().stream()
                .filter(e -> !"GET".equals(e.method()) && !e.path().contains("/oauth2/") && !e.path().startsWith("/_emulator"))
                .filter(e -> !isBatchEnvelope(e))
                .toList();
    }

    /** A $batch envelope: its parts are journaled as requests of their own, so it is neither a read nor a write. */
    public static boolean isBatchEnvelope(JournalEntry e) {
        return e.path().equals("/v1.0/$batch");
    }

    /**
     * True once a single-use fault rule has fired, i.e. the request it holds (a latency rule) has
     * reached Graph and is in flight: the way a test knows at which step the operator is.
     */
    public static boolean fired(GraphEmulator emulator, FaultRule singleUse) {
        return !emulator.faults().list().contains(singleUse);
    }

    /**
     * Returns once the request a {@link #holdOnce} rule holds has reached Graph (polled often: the
     * hold lasts a second or two), so the test acts while the operator is at that step.
     */
    public static void awaitInFlight(GraphEmulator emulator, FaultRule hold) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(emulator, hold));
    }

    /** Holds the next matching request for {@code millis} before Graph handles it; fires once. */
    public static FaultRule holdOnce(String route, String method, long millis) {
        return new FaultRule(route, method, FaultKind.LATENCY, 1, null, null, millis);
    }

    private static boolean isPatchOf(JournalEntry e, String userId) {
        return "PATCH".equals(e.method()) && e.path().contains("/users/" + userId);
    }

    private static boolean isResetPostFor(JournalEntry e, String userId) {
        return "POST".equals(e.method()) && e.path().contains("invitations") && e.requestBody() != null
                && e.requestBody().contains(userId);
    }

    private static List<JournalEntry> inOrder(GraphEmulator emulator, Predicate<JournalEntry> which) {
        return emulator.journal().stream().filter(which).sorted(Comparator.comparing(JournalEntry::time)).toList();
    }
}
