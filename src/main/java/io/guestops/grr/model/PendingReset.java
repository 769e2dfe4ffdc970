package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The durable intent to reset: recorded in status before each POST /invitations, so that after any
 * unclear outcome the operator decides from Graph's state instead of posting again blindly.
 */
public class PendingReset implements ResetLedgerEntry {

    @JsonPropertyDescription("Object id of the user to reset.")
    private String userId;

    @JsonPropertyDescription("The email of the reset.")
    private String email;

    @JsonPropertyDescription("The reset request (spec.resetRequest when the intent was recorded); empty for the "
            + "first request to the email.")
    private String request;

    @JsonPropertyDescription("The resource that recorded the intent, as namespace/name.")
    private String requestedBy;

    @JsonPropertyDescription("The user's externalUserStateChangeDateTime read just before the request; a later "
            + "value proves the reset took effect.")
    private String baselineStateChangeTime;

    @JsonPropertyDescription("When the last request was (or was about to be) sent (RFC 3339).")
    private String attemptedAt;

    @JsonPropertyDescription("How many requests were (or were about to be) sent for this reset.")
    private int attempts;

    public PendingReset() {
    }

    public PendingReset(String userId, String email, String baselineStateChangeTime, String attemptedAt, int attempts) {
        this.userId = userId;
        this.email = email;
        this.baselineStateChangeTime = baselineStateChangeTime;
        this.attemptedAt = attemptedAt;
        this.attempts = attempts;
    }

    @Override
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    @Override
    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    @Override
    public String getRequest() {
        return request;
    }

    public void setRequest(String request) {
        this.request = request;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public void setRequestedBy(String requestedBy) {
        this.requestedBy = requestedBy;
    }

    /** This intent for {@code request} (empty: the first request to the email), recorded by {@code resource} (namespace/name). */
    public PendingReset forRequest(String request, String resource) {
        PendingReset copy = new PendingReset(userId, email, baselineStateChangeTime, attemptedAt, attempts);
        copy.setRequest(ResetLedgerEntry.storedRequest(request));
        copy.setRequestedBy(resource);
        return copy;
    }

    public String getBaselineStateChangeTime() {
        return baselineStateChangeTime;
    }

    public void setBaselineStateChangeTime(String baselineStateChangeTime) {
        this.baselineStateChangeTime = baselineStateChangeTime;
    }

    public String getAttemptedAt() {
        return attemptedAt;
    }

    public void setAttemptedAt(String attemptedAt) {
        this.attemptedAt = attemptedAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }
}
