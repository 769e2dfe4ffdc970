package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the operator observed and did. Written only by the operator. */
public class GuestRedemptionResetStatus {

    @JsonPropertyDescription("The metadata.generation this status describes. When it differs from "
            + "metadata.generation, the operator has not acted on the latest spec yet.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready, Reconciling and Stalled (read by Flux, Argo CD and kubectl wait), plus "
            + "EmailSynced and RedemptionReset.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The GuestRedemptionPolicy that admitted this resource (its blast-radius limit counts this "
            + "resource's resets). Empty when policies are off or none admits it.")
    private String admittedBy;

    @JsonPropertyDescription("Object id of the guest the spec resolved to.")
    private String userId;

    @JsonPropertyDescription("The guest's mail before the operator first changed it; used by removePreviousEmail.")
    private String previousEmail;

    @JsonPropertyDescription("The last reset that took effect.")
    private ResetRecord reset;

    @JsonPropertyDescription("A reset the operator is about to issue or has issued without a confirmed answer. "
            + "Written before the request goes to Graph so that a crash or a lost answer never leads to a second reset.")
    private PendingReset pendingReset;

    @JsonPropertyDescription("When the operator last changed the guest's mail/otherMails (RFC 3339). A reset Graph "
            + "refuses soon after is read as replication lag and retried.")
    private String emailsUpdatedAt;

    @JsonPropertyDescription("Fingerprint of the mail/otherMails PATCH Graph last acknowledged, at emailsUpdatedAt. "
            + "For a short while the same PATCH is not sent again when a read from a lagging replica still shows the old values.")
    private String emailsWritten;

    @JsonPropertyDescription("Graph's request-id of the last Graph call, to quote to Microsoft support.")
    private String lastGraphRequestId;

    @JsonPropertyDescription("When the operator will try again after a transient failure (RFC 3339).")
    private String nextRetryAt;

    @JsonPropertyDescription("Transient Graph failures in a row; drives the backoff. Zero after a success.")
    private int consecutiveFailures;

    /** The condition of this type, if written. (Not a bean getter: it is not part of the schema.) */
    public Optional<Condition> condition(String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition of this type is written and True. */
    public boolean conditionIsTrue(String type) {
        return condition(type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getAdmittedBy() {
        return admittedBy;
    }

    public void setAdmittedBy(String admittedBy) {
        this.admittedBy = admittedBy;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getPreviousEmail() {
        return previousEmail;
    }

    public void setPreviousEmail(String previousEmail) {
        this.previousEmail = previousEmail;
    }

    public ResetRecord getReset() {
        return reset;
    }

    public void setReset(ResetRecord reset) {
        this.reset = reset;
    }

    public PendingReset getPendingReset() {
        return pendingReset;
    }

    public void setPendingReset(PendingReset pendingReset) {
        this.pendingReset = pendingReset;
    }

    public String getEmailsUpdatedAt() {
        return emailsUpdatedAt;
    }

    public void setEmailsUpdatedAt(String emailsUpdatedAt) {
        this.emailsUpdatedAt = emailsUpdatedAt;
    }

    public String getEmailsWritten() {
        return emailsWritten;
    }

    public void setEmailsWritten(String emailsWritten) {
        this.emailsWritten = emailsWritten;
    }

    public String getLastGraphRequestId() {
        return lastGraphRequestId;
    }

    public void setLastGraphRequestId(String lastGraphRequestId) {
        this.lastGraphRequestId = lastGraphRequestId;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public void setConsecutiveFailures(int consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    public String getNextRetryAt() {
        return nextRetryAt;
    }

    public void setNextRetryAt(String nextRetryAt) {
        this.nextRetryAt = nextRetryAt;
    }
}
