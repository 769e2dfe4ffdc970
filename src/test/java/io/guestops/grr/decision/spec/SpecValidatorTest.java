package io.guestops.grr.decision.spec;

import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.OtherMailsSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    private static List<String> fields(GuestRedemptionResetSpec spec) {
        return SpecValidator.validate(spec).stream().map(SpecProblem::field).toList();
    }

    @Test
    void aMinimalSpecByUserIdIsValid() {
        assertThat(SpecValidator.validate(spec("jane@new.example"))).isEmpty();
    }

    @Test
    void aFullSpecByEmailIsValid() {
        GuestRedemptionResetSpec spec = spec("  jane@new.example ");
        spec.setGuest(new GuestReference(null, "jane@old.example"));
        OtherMailsSpec otherMails = new OtherMailsSpec();
        otherMails.setAdd(List.of("jane.private@mail.example"));
        otherMails.setRemovePreviousEmail(true);
        spec.setOtherMails(otherMails);
        InvitationSpec invitation = new InvitationSpec();
        invitation.setRedirectUrl("https://apps.contoso.example/welcome?x=1");
        invitation.setMessageLanguage("zh-Hant-TW");
        invitation.setCcRecipient("helpdesk@contoso.example");
        invitation.setCustomizedMessageBody("Welcome back");
        spec.setInvitation(invitation);
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName("graph-credentials");
        spec.setConnection(connection);

        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void aMissingSpecIsOneProblem() {
        assertThat(SpecValidator.validate(null)).containsExactly(new SpecProblem("spec", "is required"));
    }

    @Test
    void aMissingGuestIsNamed() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(null);
        assertThat(fields(spec)).containsExactly("spec.guest");
    }

    @Test
    void aGuestWithBothUserIdAndEmailIsRefused() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(new GuestReference(USER_ID, "jane@old.example"));
        assertThat(SpecValidator.validate(spec))
                .containsExactly(new SpecProblem("spec.guest", "set exactly one of userId and email"));
    }

    @Test
    void aGuestWithNeitherUserIdNorEmailIsRefused() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(new GuestReference(" ", ""));
        assertThat(fields(spec)).containsExactly("spec.guest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane", "11111111-2222-3333-4444-55555555555", "11111111222233334444555555555555",
            "1111111g-2222-3333-4444-555555555555"})
    void aUserIdThatIsNotAGuidIsNamed(String userId) {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(new GuestReference(userId, null));
        List<SpecProblem> problems = SpecValidator.validate(spec);
        assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.guest.userId");
        assertThat(problems.get(0).message()).contains("'" + userId + "'");
    }

    @Test
    void anUpperCaseGuidWithSurroundingSpacesIsAUserId() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(new GuestReference(" ABCDEF01-2222-3333-4444-555555555555 ", null));
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void aGuestEmailThatIsNotAnAddressIsNamed() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setGuest(new GuestReference(null, "jane-at-old.example"));
        assertThat(fields(spec)).containsExactly("spec.guest.email");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingDesiredEmailIsRequired(String desired) {
        assertThat(SpecValidator.validate(spec(desired)))
                .containsExactly(new SpecProblem("spec.desiredEmail", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane", "jane@", "@new.example", "jane@new", "jane doe@new.example", "jane@new@example.com"})
    void aDesiredEmailThatIsNotAnAddressIsNamedWithTheValue(String desired) {
        List<SpecProblem> problems = SpecValidator.validate(spec(desired));
        assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.desiredEmail");
        assertThat(problems.get(0).message()).isEqualTo("must be an email address such as name@example.com (no quoted local part, no IP address, no trailing dot), got '" + desired + "'");
    }

    @Test
    void aDesiredEmailLongerThanGraphAllowsIsRefused() {
        String domain = "@" + "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + ".example";
        String local = "a".repeat(SpecValidator.MAX_EMAIL_LENGTH - domain.length() + 1);
        assertThat(SpecValidator.validate(spec(local + domain)))
                .containsExactly(new SpecProblem("spec.desiredEmail", "is longer than 250 characters (Graph's limit for otherMails)"));
    }

    @Test
    void aDesiredEmailOfExactlyGraphsLimitIsAccepted() {
        String domain = "@" + "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + ".example";
        String local = "a".repeat(SpecValidator.MAX_EMAIL_LENGTH - domain.length());
        assertThat(SpecValidator.validate(spec(local + domain))).isEmpty();
    }

    @Test
    void everyBadOtherMailsEntryIsNamedByItsIndex() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.getOtherMails().setAdd(Arrays.asList("ok@mail.example", "not-an-address", null, "also@fine.example", " "));
        assertThat(fields(spec)).containsExactly("spec.otherMails.add[1]", "spec.otherMails.add[2]", "spec.otherMails.add[4]");
    }

    @Test
    void absentOtherMailsAndInvitationAreFine() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setOtherMails(null);
        spec.setInvitation(null);
        assertThat(SpecValidator.validate(spec)).isEmpty();
        spec.setOtherMails(new OtherMailsSpec());
        spec.getOtherMails().setAdd(null);
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void blankOptionalInvitationFieldsCountAsAbsentAsTheDecisionTreatsThem() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.getInvitation().setMessageLanguage(" ");
        spec.getInvitation().setCcRecipient("");
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    /**
     * Each optional invitation field is checked for its form, and a problem names the field: a
     * redirect is an absolute http(s) URL (none falls back to the default), a language an ISO 639
     * code with an optional region, a CC recipient an address, the redeem-link Secret a Secret name.
     */
    @ParameterizedTest(name = "invitation.{0} ''{1}'' valid: {2}")
    @CsvSource(nullValues = "NULL", value = {
        "redirectUrl,      '',                            false",
        "redirectUrl,      /welcome,                      false",
        "redirectUrl,      myapps.microsoft.com,          false",
        "redirectUrl,      ftp://files.example/x,         false",
        "redirectUrl,      https://,                      false",
        "redirectUrl,      not a url,                     false",
        "redirectUrl,      http://localhost:8080/landing, true",
        "redirectUrl,      HTTPS://MyApps.Microsoft.com,  true",
        "redirectUrl,      NULL,                          true",
        "messageLanguage,  en,                            true",
        "messageLanguage,  en-US,                         true",
        "messageLanguage,  de-DE,                         true",
        "messageLanguage,  fil,                           true",
        "messageLanguage,  zh-Hant,                       true",
        "messageLanguage,  english,                       false",
        "messageLanguage,  e,                             false",
        "messageLanguage,  en_US,                         false",
        "messageLanguage,  en-,                           false",
        "messageLanguage,  12,                            false",
        "ccRecipient,      helpdesk,                      false",
        "redeemLinkSecret, jane-redeem-link,              true",
        "redeemLinkSecret, links.jane,                    true",
        "redeemLinkSecret, Jane_Link,                     false",
        "redeemLinkSecret, -link,                         false",
        "redeemLinkSecret, NULL,                          true",
    })
    void eachInvitationFieldIsCheckedForItsForm(String field, String value, boolean valid) {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        InvitationSpec invitation = spec.getInvitation();
        switch (field) {
            case "redirectUrl" -> invitation.setRedirectUrl(value);
            case "messageLanguage" -> invitation.setMessageLanguage(value);
            case "ccRecipient" -> invitation.setCcRecipient(value);
            case "redeemLinkSecret" -> invitation.setRedeemLinkSecret(value);
            default -> throw new IllegalArgumentException("no such invitation field in this table: " + field);
        }
        assertThat(fields(spec)).isEqualTo(valid ? List.of() : List.of("spec.invitation." + field));
    }

    @Test
    void aConnectionWithBothSecretAndWorkloadIdentityIsRefused() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setConnection(connection("graph-credentials", "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c", "0a6d5c1e-4b3f-4e2a-8c7d-9e0f1a2b3c4d"));
        assertThat(fields(spec)).containsExactly("spec.connection");
    }

    @Test
    void aWorkloadIdentityNeedsTenantAndClient() {
        GuestRedemptionResetSpec spec = spec("jane@new.example");
        spec.setConnection(connection(null, " ", null));
        assertThat(fields(spec)).containsExactly(
                "spec.connection.workloadIdentity.tenantId", "spec.connection.workloadIdentity.clientId");
        spec.setConnection(connection(null, "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c", "0a6d5c1e-4b3f-4e2a-8c7d-9e0f1a2b3c4d"));
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void everyProblemOfASpecIsReportedAtOnce() {
        GuestRedemptionResetSpec spec = spec("nope");
        spec.setGuest(new GuestReference("x", null));
        spec.getOtherMails().setAdd(List.of("bad"));
        spec.getInvitation().setRedirectUrl("nowhere");
        spec.getInvitation().setMessageLanguage("klingon");
        spec.getInvitation().setCcRecipient("cc");
        spec.setConnection(connection("s", null, "0a6d5c1e-4b3f-4e2a-8c7d-9e0f1a2b3c4d"));
        assertThat(fields(spec)).containsExactly("spec.guest.userId", "spec.desiredEmail", "spec.otherMails.add[0]",
                "spec.invitation.redirectUrl", "spec.invitation.messageLanguage", "spec.invitation.ccRecipient",
                "spec.connection", "spec.connection.workloadIdentity.tenantId");
    }

    @Test
    void aProblemReadsAsFieldThenMessage() {
        assertThat(new SpecProblem("spec.desiredEmail", "is required")).hasToString("spec.desiredEmail: is required");
    }

    private static ConnectionSpec connection(String secretName, String tenantId, String clientId) {
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName(secretName);
        if (tenantId != null || clientId != null) {
            ConnectionSpec.WorkloadIdentitySpec workload = new ConnectionSpec.WorkloadIdentitySpec();
            workload.setTenantId(tenantId);
            workload.setClientId(clientId);
            connection.setWorkloadIdentity(workload);
        }
        return connection;
    }
}
