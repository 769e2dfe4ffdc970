package io.guestops.grr.kube;

import io.guestops.grr.decision.policy.Guardrails;
import java.util.Set;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.List;

/**
 * Reads from Graph what the decision needs: the guest, then every fact its {@link Preflight} asks
 * for (directory roles, who else holds an address, and what the policies need: group membership,
 * the host tenant's verified domains), each read once, all before any write. Public because
 * {@code plan} reads exactly what the operator reads.
 */
public final class GuestObserver {

    private final VerifiedDomains verifiedDomains;

    public GuestObserver(VerifiedDomains verifiedDomains) {
        this.verifiedDomains = verifiedDomains;
    }

    public Observation observe(GraphGateway graph, GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status,
                               Guardrails guardrails) {
        String userId = knownUserId(spec, status);
        // By object id, the preflight's likely reads travel with the user (one round trip).
        ReadAhead ahead = userId == null ? null : ReadAhead.read(graph, userId, spec, status);
        Observation observation = ahead == null ? byMail(graph, spec.getGuest().getEmail().trim()) : byId(ahead.user(), userId);
        if (!(observation instanceof Observation.Found found)) {
            return observation;
        }
        GuestUser user = found.user();
        Preflight preflight = ReconcileDecision.preflight(spec, user, status, guardrails);
        List<RoleAssignment> roles = null;
        if (preflight.directoryRoles()) {
            GraphResult<List<RoleAssignment>> read = ahead != null && ahead.roles() != null ? ahead.roles()
                    : graph.directoryRoleAssignments(user.id());
            if (read.isSuccess()) {
                roles = read.value();
            } else if (passingMoment(read.failure())) {
                // Not knowing the roles is no licence to write: try the whole read again later.
                return new Observation.Unreadable(read.failure(), "reading the guest's directory roles");
            }
            // An application that may not read roles gets Graph's own refusal of a role holder instead.
        }
        List<GuestUser> holders = null;
        if (!preflight.addresses().isEmpty()) {
            GraphResult<List<GuestUser>> readAhead = ahead == null ? null : ahead.holdersFor(preflight);
            GraphResult<List<GuestUser>> read = readAhead != null ? readAhead : graph.findAddressHolders(preflight.emails());
            if (!read.isSuccess()) {
                return new Observation.Unreadable(read.failure(), "looking up who else holds the addresses");
            }
            holders = read.value();
        }
        Set<String> groups = null;
        if (!preflight.groupIds().isEmpty()) {
            // A policy that cannot learn the membership cannot admit by it: no write without the fact.
            GraphResult<Set<String>> read = graph.memberGroups(user.id(), preflight.groupIds());
            if (!read.isSuccess()) {
                return new Observation.Unreadable(read.failure(), "reading the guest's group membership for the policies");
            }
            groups = read.value();
        }
        List<String> domains = null;
        if (preflight.verifiedDomains()) {
            GraphResult<List<String>> read = verifiedDomains.of(graph);
            if (!read.isSuccess()) {
                return new Observation.Unreadable(read.failure(), "reading the host tenant's verified domains for the policies");
            }
            domains = read.value();
        }
        return new Observation.Found(user, roles, holders, groups, domains);
    }

    private static boolean passingMoment(GraphFailure failure) {
        return failure instanceof GraphFailure.Throttled || failure instanceof GraphFailure.Transient
                || failure instanceof GraphFailure.Ambiguous;
    }

    /** The object id to read the guest by, or null when it must be found by its mail. */
    private static String knownUserId(GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status) {
        String userId = spec.getGuest().getUserId();
        if (userId == null && status != null && status.getUserId() != null
                && Emails.same(spec.getGuest().getEmail(), status.getPreviousEmail())) {
            // Found by email before; the operator may since have changed that very mail, so the id
            // resolved then is the only stable way to find the guest again.
            userId = status.getUserId();
        }
        return userId == null ? null : userId.trim();
    }

    private static Observation byId(GraphResult<GuestUser> result, String userId) {
        if (result.isSuccess()) {
            return new Observation.Found(result.value());
        }
        if (result.failure() instanceof GraphFailure.NotFound notFound) {
            return new Observation.Missing("object id " + userId, notFound.requestId());
        }
        return new Observation.Unreadable(result.failure());
    }

    private Observation byMail(GraphGateway graph, String email) {
        GraphResult<List<GuestUser>> result = graph.findUsersByMail(email);
        if (!result.isSuccess()) {
            return new Observation.Unreadable(result.failure());
        }
        List<GuestUser> users = result.value();
        if (users.isEmpty()) {
            return new Observation.Missing("mail '" + email + "'", result.requestId());
        }
        if (users.size() > 1) {
            return new Observation.SeveralMatches(email, users.stream().map(GuestUser::id).toList());
        }
        return new Observation.Found(users.get(0));
    }
}
