package io.guestops.grr.realcluster;

import io.guestops.grr.emulator.journal.JournalEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Graph writes Graph received from a replica that did not hold the leader Lease at that moment
 * (by the emulator journal's time of receipt and the Lease's recorded terms), and the writes no
 * single replica can be named for: each is a write that fencing must prevent.
 */
final class WritesAfterLostLease {

    private static final Pattern USER_ID = Pattern.compile("[a-c]{8}-2222-4000-8000-\\d{12}");

    /** A write Graph received outside its sender's tenure, or from no single sender. */
    record Offence(JournalEntry entry, List<String> senders) {
        @Override
        public String toString() {
            return entry.time() + " " + entry.method() + " " + entry.path() + " from " + senders;
        }
    }

    private WritesAfterLostLease() {
    }

    /** Whether the journal entry wrote, or tried to write, to a user (reads, the token endpoint and $batch envelopes excluded). */
    static boolean isWrite(JournalEntry e) {
        return !"GET".equals(e.method()) && e.path().startsWith("/v1.0/") && !e.path().equals("/v1.0/$batch")
                && !e.path().contains("MemberGroups") && !e.path().contains("/delta");
    }

    static List<Offence> find(List<JournalEntry> journal, ReplicaGraphWrites writes, LeaseTerms lease) {
        List<Offence> offences = new ArrayList<>();
        for (JournalEntry e : journal) {
            if (!isWrite(e)) {
                continue;
            }
            Matcher user = USER_ID.matcher(e.path() + " " + (e.requestBody() == null ? "" : e.requestBody()));
            List<String> senders = user.find() ? writes.sendersOf(user.group(), e.time()) : List.of();
            if (senders.size() != 1 || !lease.held(senders.get(0), e.time())) {
                offences.add(new Offence(e, senders));
            }
        }
        return offences;
    }
}
