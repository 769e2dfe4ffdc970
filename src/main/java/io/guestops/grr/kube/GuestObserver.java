package io.guestops.grr.kube;

import io.guestops.grr.decision.Observation;
import io.guestops.grr.decision.ResetLedger;
import io.guestops.grr.decision.Emails;
import io.guestops.grr.graph.GraphFailure;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GraphResult;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.graph.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.List;

/** Reads from Graph what the decision needs: the guest, and its directory roles when a reset is due. */
final class GuestObserver {

    Observation observe(GraphGateway graph, GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status) {
        Observation observation = readUser(graph, spec, status);
        if (observation instanceof Observation.Found found && found.user().isGuest() && resetDue(spec, found.user(), status)) {
            GraphResult<List<RoleAssignment>> roles = graph.directoryRoleAssignments(found.user().id());
            if (roles.isSuccess()) {
                return new Observation.Found(found.user(), roles.value());
            }
            if (passingMoment(roles.failure())) {
                // Not knowing the roles is no licence to reset: try the whole read again later.
                return new Observation.Unreadable(roles.failure());
            }
            // An application that may not read roles gets Graph's own refusal of a role holder instead.
            return new Observation.Found(found.user(), null);
        }
        return observation;
    }

    private static boolean passingMoment(GraphFailure failure) {
        return failure instanceof GraphFailure.Throttled || failure instanceof GraphFailure.Transient
                || failure instanceof GraphFailure.Ambiguous;
    }

    private Observation readUser(GraphGateway graph, GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status) {
        String userId = spec.getGuest().getUserId();
        if (userId == null && status != null && status.getUserId() != null
                && Emails.same(spec.getGuest().getEmail(), status.getPreviousEmail())) {
            // Found by email before; the operator may since have changed that very mail, so the id
            // resolved then is the only stable way to find the guest again.
            userId = status.getUserId();
        }
        if (userId != null) {
            return byId(graph, userId.trim());
        }
        return byMail(graph, spec.getGuest().getEmail().trim());
    }

    private Observation byId(GraphGateway graph, String userId) {
        GraphResult<GuestUser> result = graph.getUser(userId);
        if (result.isSuccess()) {
            return new Observation.Found(result.value(), null);
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
        return new Observation.Found(users.get(0), null);
    }

    private static boolean resetDue(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status) {
        return !ResetLedger.covers(status == null ? null : status.getReset(), user.id(), spec.getDesiredEmail());
    }
}
