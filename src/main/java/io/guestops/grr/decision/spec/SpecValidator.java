package io.guestops.grr.decision.spec;

import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.OtherMailsSpec;
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
    private static final Pattern OBJECT_ID = Pattern.compile(GuestReference.OBJECT_ID_PATTERN);
    private static final Pattern LANGUAGE = Pattern.compile(InvitationSpec.MESSAGE_LANGUAGE_PATTERN);
    private static final Pattern SECRET_NAME = Pattern.compile(ConnectionSpec.SECRET_NAME_PATTERN);
    private static final Pattern RESET_REQUEST = Pattern.compile(GuestRedemptionResetSpec.RESET_REQUEST_PATTERN);

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
            if (add.size() > OtherMailsSpec.MAX_ADDRESSES) {
                problems.add(new SpecProblem("spec.otherMails.add", "has " + add.size() + " entries; Graph allows at most "
                        + OtherMailsSpec.MAX_ADDRESSES + " otherMails"));
            }
            for (int i = 0; i < add.size(); i++) {
                checkEmail("spec.otherMails.add[" + i + "]", add.get(i), true, problems);
            }
        }
        checkResetRequest(spec.getResetRequest(), problems);
        checkInvitation(spec.getInvitation(), problems);
        checkConnection(spec.getConnection(), problems);
        return problems;
    }

    private static void checkResetRequest(String request, List<SpecProblem> problems) {
        if (request == null) {
            return;
        }
        if (request.length() > GuestRedemptionResetSpec.RESET_REQUEST_MAX_LENGTH || !RESET_REQUEST.matcher(request).matches()) {
            problems.add(new SpecProblem("spec.resetRequest", "must be letters, digits, '-', '_' and '.' (starting and ending "
                    + "with a letter or digit), at most " + GuestRedemptionResetSpec.RESET_REQUEST_MAX_LENGTH
                    + " characters, got '" + request + "'"));
        }
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
        if (url != null && url.length() > InvitationSpec.REDIRECT_URL_MAX_LENGTH) {
            problems.add(new SpecProblem("spec.invitation.redirectUrl", "is longer than " + InvitationSpec.REDIRECT_URL_MAX_LENGTH
                    + " characters"));
        } else if (url != null && !isAbsoluteHttpUrl(url)) {
            problems.add(new SpecProblem("spec.invitation.redirectUrl", "must be an absolute http(s) URL, got '" + url + "'"));
        }
        String language = invitation.getMessageLanguage();
        if (language != null && !language.isBlank() && !LANGUAGE.matcher(language.trim()).matches()) {
            problems.add(new SpecProblem("spec.invitation.messageLanguage",
                    "must be an ISO 639 language code such as en-US, got '" + language + "'"));
        }
        String body = invitation.getCustomizedMessageBody();
        if (body != null && body.length() > InvitationSpec.CUSTOMIZED_MESSAGE_BODY_MAX_LENGTH) {
            problems.add(new SpecProblem("spec.invitation.customizedMessageBody", "is longer than "
                    + InvitationSpec.CUSTOMIZED_MESSAGE_BODY_MAX_LENGTH + " characters"));
        }
        if (invitation.getCcRecipient() != null && !invitation.getCcRecipient().isBlank()) {
            checkEmail("spec.invitation.ccRecipient", invitation.getCcRecipient(), false, problems);
        }
        String linkSecret = invitation.getRedeemLinkSecret();
        if (notBlank(linkSecret) && !validSecretName(linkSecret)) {
            problems.add(new SpecProblem("spec.invitation.redeemLinkSecret", "must be a Secret name (lower case letters, "
                    + "digits, '-' and '.', at most " + ConnectionSpec.SECRET_NAME_MAX_LENGTH + " characters), got '"
                    + linkSecret + "'"));
        }
    }

    private static void checkConnection(ConnectionSpec connection, List<SpecProblem> problems) {
        if (connection == null) {
            return;
        }
        boolean secret = notBlank(connection.getSecretName());
        ConnectionSpec.WorkloadIdentitySpec workload = connection.getWorkloadIdentity();
        if (secret && !validSecretName(connection.getSecretName())) {
            problems.add(new SpecProblem("spec.connection.secretName", "must be a Secret name (lower case letters, digits, '-' "
                    + "and '.', at most " + ConnectionSpec.SECRET_NAME_MAX_LENGTH + " characters), got '"
                    + connection.getSecretName() + "'"));
        }
        if (secret && workload != null) {
            problems.add(new SpecProblem("spec.connection", "set at most one of secretName and workloadIdentity"));
        }
        if (workload != null) {
            checkObjectId("spec.connection.workloadIdentity.tenantId", workload.getTenantId(), problems);
            checkObjectId("spec.connection.workloadIdentity.clientId", workload.getClientId(), problems);
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

    private static void checkObjectId(String field, String value, List<SpecProblem> problems) {
        if (!notBlank(value)) {
            problems.add(new SpecProblem(field, "is required"));
        } else if (!OBJECT_ID.matcher(value.trim()).matches()) {
            problems.add(new SpecProblem(field, "must be a GUID, got '" + value + "'"));
        }
    }

    private static boolean validSecretName(String name) {
        String value = name.trim();
        return value.length() <= ConnectionSpec.SECRET_NAME_MAX_LENGTH && SECRET_NAME.matcher(value).matches();
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
