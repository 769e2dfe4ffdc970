package io.guestops.grr.decision;

import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.InvitationSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a spec before anything talks to Graph. The embedded Kubernetes (and clusters without
 * schema validation of old CRD versions) accept anything, so a spec that would make Graph reject
 * the request, or worse do something else, is stopped here with every problem named by field.
 */
public final class SpecValidator {

    /** Graph's limit on one otherMails value (every address the operator adds lands there). */
    static final int MAX_EMAIL_LENGTH = 250;
    private static final Pattern OBJECT_ID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern LANGUAGE = Pattern.compile("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$");

    private SpecValidator() {
    }

    public static List<SpecProblem> validate(GuestRedemptionResetSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "is required"));
            return problems;
        }
        checkGuest(spec.getGuest(), problems);
        checkEmail("spec.desiredEmail", spec.getDesiredEmail(), true, problems);
        if (spec.getOtherMails() != null && spec.getOtherMails().getAdd() != null) {
            List<String> add = spec.getOtherMails().getAdd();
            for (int i = 0; i < add.size(); i++) {
                checkEmail("spec.otherMails.add[" + i + "]", add.get(i), true, problems);
            }
        }
        checkInvitation(spec.getInvitation(), problems);
        checkConnection(spec.getConnection(), problems);
        return problems;
    }

    private static void checkGuest(GuestReference guest, List<SpecProblem> problems) {
        if (guest == null) {
            problems.add(new SpecProblem("spec.guest", "is required: set userId or email"));
            return;
        }
        boolean hasId = notBlank(guest.getUserId());
        boolean hasEmail = notBlank(guest.getEmail());
        if (hasId == hasEmail) {
            problems.add(new SpecProblem("spec.guest", "set exactly one of userId and email"));
        }
        if (hasId && !OBJECT_ID.matcher(guest.getUserId().trim()).matches()) {
            problems.add(new SpecProblem("spec.guest.userId", "must be an object id (a GUID), got '" + guest.getUserId() + "'"));
        }
        if (hasEmail) {
            checkEmail("spec.guest.email", guest.getEmail(), true, problems);
        }
    }

    private static void checkInvitation(InvitationSpec invitation, List<SpecProblem> problems) {
        if (invitation == null) {
            return;
        }
        String url = invitation.getRedirectUrl();
        if (url != null && !isAbsoluteHttpUrl(url)) {
            problems.add(new SpecProblem("spec.invitation.redirectUrl", "must be an absolute http(s) URL, got '" + url + "'"));
        }
        String language = invitation.getMessageLanguage();
        if (language != null && !language.isBlank() && !LANGUAGE.matcher(language.trim()).matches()) {
            problems.add(new SpecProblem("spec.invitation.messageLanguage",
                    "must be an ISO 639 language code such as en-US, got '" + language + "'"));
        }
        if (invitation.getCcRecipient() != null && !invitation.getCcRecipient().isBlank()) {
            checkEmail("spec.invitation.ccRecipient", invitation.getCcRecipient(), false, problems);
        }
    }

    private static void checkConnection(ConnectionSpec connection, List<SpecProblem> problems) {
        if (connection == null) {
            return;
        }
        boolean secret = notBlank(connection.getSecretName());
        ConnectionSpec.WorkloadIdentitySpec workload = connection.getWorkloadIdentity();
        if (secret && workload != null) {
            problems.add(new SpecProblem("spec.connection", "set at most one of secretName and workloadIdentity"));
        }
        if (workload != null) {
            if (!notBlank(workload.getTenantId())) {
                problems.add(new SpecProblem("spec.connection.workloadIdentity.tenantId", "is required"));
            }
            if (!notBlank(workload.getClientId())) {
                problems.add(new SpecProblem("spec.connection.workloadIdentity.clientId", "is required"));
            }
        }
    }

    private static void checkEmail(String field, String value, boolean required, List<SpecProblem> problems) {
        if (!notBlank(value)) {
            if (required) {
                problems.add(new SpecProblem(field, "is required"));
            }
            return;
        }
        Optional<String> problem = Emails.syntaxProblem(value);
        if (problem.isPresent()) {
            problems.add(new SpecProblem(field, problem.get()));
        } else if (value.trim().length() > MAX_EMAIL_LENGTH) {
            problems.add(new SpecProblem(field, "is longer than " + MAX_EMAIL_LENGTH + " characters (Graph's limit for otherMails)"));
        }
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
