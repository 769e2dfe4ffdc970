package io.guestops.grr.decision.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.CallPermission;
import io.guestops.grr.graph.gateway.GraphFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

    private final FailurePolicy policy = new FailurePolicy(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), () -> 0.5));

    @Test
    void throttlingWaitsAtLeastRetryAfter() {
        Step action = policy.onFailure(new GraphFailure.Throttled(Duration.ofSeconds(45), "req-1"), 1, "reading the guest");
        assertThat(action).isEqualTo(new Step.Wait(Reasons.THROTTLED,
                "While reading the guest: Graph throttled the request; retry after 45s (request-id req-1)",
                Duration.ofSeconds(45)));
    }

    @Test
    void throttlingWithoutRetryAfterBacksOffExponentially() {
        Step action = policy.onFailure(new GraphFailure.Throttled(null, "req-1"), 3, "reading the guest");
        assertThat(action).isInstanceOfSatisfying(Step.Wait.class, wait -> {
            assertThat(wait.reason()).isEqualTo(Reasons.THROTTLED);
            assertThat(wait.retryAfter()).isEqualTo(Duration.ofSeconds(8));
        });
    }

    @Test
    void aLongBackoffWinsOverAShortRetryAfter() {
        Step action = policy.onFailure(new GraphFailure.Throttled(Duration.ofSeconds(1), null), 5, "reading the guest");
        assertThat(((Step.Wait) action).retryAfter()).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void unavailableGraphWaitsAndHonoursRetryAfter() {
        Step withHeader = policy.onFailure(new GraphFailure.Transient(503, "Service Unavailable", Duration.ofSeconds(20), "req-2"),
                1, "reading the guest");
        assertThat(withHeader).isEqualTo(new Step.Wait(Reasons.GRAPH_UNAVAILABLE,
                "While reading the guest: Graph unavailable (HTTP 503): Service Unavailable (request-id req-2)",
                Duration.ofSeconds(20)));

        Step unreachable = policy.onFailure(new GraphFailure.Transient(0, "connect timed out", null, null), 2, "reading the guest");
        assertThat(unreachable).isEqualTo(new Step.Wait(Reasons.GRAPH_UNAVAILABLE,
                "While reading the guest: Graph unreachable: connect timed out", Duration.ofSeconds(4)));
    }

    @Test
    void anAmbiguousWriteWaitsToDecideFromGraphsState() {
        Step action = policy.onFailure(new GraphFailure.Ambiguous("read timed out", null), 1, "resetting the redemption");
        assertThat(action).isInstanceOfSatisfying(Step.Wait.class, wait -> {
            assertThat(wait.reason()).isEqualTo(Reasons.RESET_OUTCOME_UNKNOWN);
            assertThat(wait.message()).startsWith("While resetting the redemption: Graph's answer was lost");
            assertThat(wait.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aMissingPermissionStallsAndSaysWhichToGrant() {
        Step action = policy.onFailure(new GraphFailure.Forbidden(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.", "req-3"), 1, "reading the guest");
        assertThat(action).isInstanceOfSatisfying(Step.Stall.class, stall -> {
            assertThat(stall.reason()).isEqualTo(Reasons.GRAPH_ACCESS_DENIED);
            assertThat(stall.message()).startsWith("While reading the guest: Graph Authorization_RequestDenied (HTTP 403): "
                    + "Insufficient privileges to complete the operation. (request-id req-3)");
            assertThat(stall.message()).contains("User.ReadWrite.All", "RoleManagement.Read.Directory");
        });
    }

    /** Issue 16, point 6: a policy's GET /domains refused names Domain.Read.All, not the operator's usual pair. */
    @Test
    void aRefusedCallNamesThePermissionThatCallNeeds() {
        GraphFailure refused = new GraphFailure.Forbidden(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.", "req-4").neededFor(CallPermission.VERIFIED_DOMAINS);
        Step action = policy.onFailure(refused, 1, "reading the host tenant's verified domains");
        assertThat(action).isInstanceOfSatisfying(Step.Stall.class, stall -> {
            assertThat(stall.reason()).isEqualTo(Reasons.GRAPH_ACCESS_DENIED);
            assertThat(stall.message()).contains("Insufficient privileges to complete the operation.",
                    "GET /domains needs the application permission Domain.Read.All").doesNotContain("RoleManagement.Read.Directory");
        });
    }

    /** A refused PATCH may come from the role rule with the permission granted (roles unreadable): both are named. */
    @Test
    void aRefusedPatchAlsoNamesTheRoleHolderRule() {
        GraphFailure refused = new GraphFailure.Forbidden(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.", null).neededFor(CallPermission.USER_UPDATE);
        Step action = policy.onFailure(refused, 1, "updating mail/otherMails");
        assertThat(((Step.Stall) action).message()).contains("PATCH /users/{id} needs the application permission User.ReadWrite.All",
                "Privileged Authentication Administrator");
    }

    @Test
    void aRejectedTokenIsAlsoAccessDenied() {
        Step action = policy.onFailure(new GraphFailure.Forbidden(401, "InvalidAuthenticationToken", "Access token is empty.", null),
                1, "reading the guest");
        assertThat(((Step.Stall) action).reason()).isEqualTo(Reasons.GRAPH_ACCESS_DENIED);
        assertThat(((Step.Stall) action).message()).contains("Check the tenant connection").doesNotContain("Grant");
    }

    @Test
    void aMissingObjectStallsAsUserNotFound() {
        Step action = policy.onFailure(new GraphFailure.NotFound("Request_ResourceNotFound",
                "Resource 'x' does not exist.", "req-4"), 1, "reading the guest");
        assertThat(action).isEqualTo(new Step.Stall(Reasons.USER_NOT_FOUND,
                "While reading the guest: Graph Request_ResourceNotFound: Resource 'x' does not exist. (request-id req-4)"));
    }

    @Test
    void aBadRequestStallsWithGraphsCodeAndMessage() {
        Step action = policy.onFailure(new GraphFailure.InvalidRequest(400, "BadRequest",
                "The email you're using to invite this user doesn't match any emails on the user object.", "req-5"),
                1, "resetting the redemption");
        assertThat(action).isEqualTo(new Step.Stall(Reasons.GRAPH_REJECTED,
                "While resetting the redemption: Graph BadRequest (HTTP 400): The email you're using to invite this user "
                        + "doesn't match any emails on the user object. (request-id req-5)"));
    }

    @Test
    void aResetRefusedRightAfterTheOperatorsOwnPatchWaitsForTheAddressToBecomeVisible() {
        GraphFailure mismatch = new GraphFailure.InvalidRequest(400, "BadRequest", "The email you're using doesn't match", "req-7");
        Step action = policy.onResetRefused(mismatch, 1, true);
        assertThat(action).isInstanceOfSatisfying(Step.Wait.class, wait -> {
            assertThat(wait.reason()).isEqualTo(Reasons.EMAIL_NOT_YET_VISIBLE);
            assertThat(wait.message()).contains("BadRequest", "req-7", "1 of " + FailurePolicy.EMAIL_VISIBILITY_RETRIES);
            assertThat(wait.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aResetRefusedWithoutARecentPatchOrTooOftenStallsWithGraphsCode() {
        GraphFailure mismatch = new GraphFailure.InvalidRequest(400, "BadRequest", "The email you're using doesn't match", null);
        assertThat(policy.onResetRefused(mismatch, 1, false)).isInstanceOfSatisfying(Step.Stall.class,
                stall -> assertThat(stall.reason()).isEqualTo(Reasons.GRAPH_REJECTED));
        assertThat(policy.onResetRefused(mismatch, FailurePolicy.EMAIL_VISIBILITY_RETRIES + 1, true))
                .isInstanceOfSatisfying(Step.Stall.class, stall -> assertThat(stall.message()).contains("BadRequest"));
        GraphFailure forbidden = new GraphFailure.Forbidden(403, "Authorization_RequestDenied", "Insufficient privileges", null);
        assertThat(policy.onResetRefused(forbidden, 1, true)).isInstanceOfSatisfying(Step.Stall.class,
                stall -> assertThat(stall.reason()).isEqualTo(Reasons.GRAPH_ACCESS_DENIED));
    }
}
