package io.guestops.grr.kube;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reads of a pass made in one round trip with the user: while a reset is due for the spec's
 * email, the preflight will ask for the directory roles and for the holders of the addresses the
 * spec names, so they are read together with the user (one {@code $batch}). A settled resource
 * reads the user alone. The preflight still decides what it needs: a fact read ahead is used only
 * when it answers exactly what the preflight asks (roles; holders of a superset of its addresses),
 * anything else is read the ordinary way afterwards.
 */
final class ReadAhead {

    private final GuestReads reads;
    private final Set<String> addressesRead;

    private ReadAhead(GuestReads reads, Set<String> addressesRead) {
        this.reads = reads;
        this.addressesRead = addressesRead;
    }

    static ReadAhead read(GraphGateway graph, String userId, GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status) {
        boolean resetDue = !ResetLedger.covers(status == null ? null : status.getReset(), userId, spec);
        List<String> addresses = resetDue ? namedAddresses(spec) : List.of();
        Set<String> normalized = new TreeSet<>();
        addresses.forEach(a -> normalized.add(Emails.normalize(a)));
        return new ReadAhead(graph.readGuest(userId, resetDue, addresses), normalized);
    }

    GraphResult<GuestUser> user() {
        return reads.user();
    }

    /** The roles read ahead, or null when they were not. */
    GraphResult<List<RoleAssignment>> roles() {
        return reads.roles();
    }

    /** The holders read ahead when they cover every address the preflight asks about, else null. */
    GraphResult<List<GuestUser>> holdersFor(Preflight preflight) {
        if (reads.holders() == null) {
            return null;
        }
        boolean covered = preflight.emails().stream().allMatch(e -> addressesRead.contains(Emails.normalize(e)));
        return covered ? reads.holders() : null;
    }

    /** Every address the spec could add to the guest or reset to: desiredEmail and otherMails.add. */
    private static List<String> namedAddresses(GuestRedemptionResetSpec spec) {
        Map<String, String> distinct = new LinkedHashMap<>();
        distinct.put(Emails.normalize(spec.getDesiredEmail()), spec.getDesiredEmail().trim());
        if (spec.getOtherMails() != null && spec.getOtherMails().getAdd() != null) {
            spec.getOtherMails().getAdd().stream().filter(a -> a != null && !a.isBlank())
                    .forEach(a -> distinct.putIfAbsent(Emails.normalize(a), a.trim()));
        }
        return List.copyOf(distinct.values());
    }
}
