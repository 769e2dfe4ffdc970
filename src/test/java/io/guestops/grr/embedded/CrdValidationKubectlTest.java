package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.EmailSyntax;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.ResetResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validation at the door: `kubectl apply` of an object that could only ever end Stalled is refused
 * by the embedded API server with the field and the CRD rule, as a real cluster refuses it, and
 * nothing is stored; an update breaking a rule is refused by server-side apply too. The examples
 * still apply.
 */
class CrdValidationKubectlTest {

    private static final String GUID = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01";
    private static final String EXACTLY_ONE_GUEST =
            "Invalid value: set exactly one of userId (the guest's object id) and email (its current mail)";
    private static final String ONE_CREDENTIAL =
            "Invalid value: set at most one of secretName and workloadIdentity: a connection uses one credential";

    @RegisterExtension
    static final KubectlFixture FIXTURE = new KubectlFixture();

    /** A manifest whose spec is given as JSON (which is YAML); {@code null} leaves the spec out. */
    private static String manifest(String name, String specJson) {
        return ResetResources.withoutSpec(name) + (specJson == null ? "" : "spec: " + specJson + "\n");
    }

    /** A valid spec with {@code extra} JSON members added (or replacing guest/desiredEmail when named). */
    private static String spec(String guest, String desiredEmail, String extra) {
        return "{\"guest\": " + guest + ", \"desiredEmail\": \"" + desiredEmail + "\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static String spec(String extra) {
        return spec("{\"email\": \"alex@fabrikam.com\"}", "alex@outlook.com", extra);
    }

    private static String emailsJson(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"alias" + i + "@outlook.com\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String emailMismatch(String field, String value) {
        return field + ": Invalid value: \"" + value + "\": " + field + " in body should match '" + EmailSyntax.PATTERN + "'";
    }

    /** 64 + 1 + 3 × 64 + 3 = 260 characters, every part well formed: too long and nothing else. */
    private static final String ADDRESS_OF_260 = "a".repeat(64) + "@" + ("b".repeat(63) + ".").repeat(3) + "com";

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                Arguments.of("no-spec", null, "spec: Required value"),
                Arguments.of("no-desired-email", "{\"guest\": {\"email\": \"alex@fabrikam.com\"}}",
                        "spec.desiredEmail: Required value"),
                Arguments.of("user-id-and-email", spec("{\"userId\": \"" + GUID + "\", \"email\": \"alex@fabrikam.com\"}",
                        "alex@outlook.com", ""), "spec.guest: " + EXACTLY_ONE_GUEST),
                Arguments.of("neither-user-id-nor-email", spec("{}", "alex@outlook.com", ""), "spec.guest: " + EXACTLY_ONE_GUEST),
                Arguments.of("homoglyph-domain", spec("{\"email\": \"alex@fabr\u0456kam.com\"}", "alex@outlook.com", ""),
                        emailMismatch("spec.guest.email", "alex@fabr\u0456kam.com")),
                Arguments.of("unicode-domain", spec("alex@m\u00fcller.de".transform(e -> "{\"email\": \"" + e + "\"}"),
                        "alex@outlook.com", ""), emailMismatch("spec.guest.email", "alex@m\u00fcller.de")),
                Arguments.of("trailing-dot", spec("{\"email\": \"alex@fabrikam.com\"}", "alex@outlook.com.", ""),
                        emailMismatch("spec.desiredEmail", "alex@outlook.com.")),
                Arguments.of("ip-literal", spec("{\"email\": \"alex@fabrikam.com\"}", "a@[10.0.0.1]", ""),
                        emailMismatch("spec.desiredEmail", "a@[10.0.0.1]")),
                Arguments.of("quoted-local-part", spec("{\"email\": \"alex@fabrikam.com\"}", "\\\"alex smith\\\"@outlook.com", ""),
                        "spec.desiredEmail: Invalid value: \"\\\"alex smith\\\"@outlook.com\": spec.desiredEmail in body should match"),
                Arguments.of("address-of-260-characters", spec("{\"email\": \"alex@fabrikam.com\"}", ADDRESS_OF_260, ""),
                        "spec.desiredEmail: Too long: may not be more than " + EmailSyntax.MAX_LENGTH + " bytes"),
                Arguments.of("bad-guid", spec("{\"userId\": \"6c1b2a1e-1d2f-4c3b-9a8e\"}", "alex@outlook.com", ""),
                        "spec.guest.userId: Invalid value: \"6c1b2a1e-1d2f-4c3b-9a8e\": spec.guest.userId in body should match '"
                                + GuestReference.OBJECT_ID_PATTERN + "'"),
                Arguments.of("secret-name-with-uppercase", spec("\"connection\": {\"secretName\": \"Contoso-Graph\"}"),
                        "spec.connection.secretName: Invalid value: \"Contoso-Graph\": spec.connection.secretName in body should match '"
                                + ConnectionSpec.SECRET_NAME_PATTERN + "'"),
                Arguments.of("secret-name-of-254-characters", spec("\"connection\": {\"secretName\": \"" + "s".repeat(254) + "\"}"),
                        "spec.connection.secretName: Too long: may not be more than 253 bytes"),
                Arguments.of("secret-and-workload-identity", spec("\"connection\": {\"secretName\": \"contoso-graph\", "
                        + "\"workloadIdentity\": {\"tenantId\": \"" + GUID + "\", \"clientId\": \"" + GUID + "\"}}"),
                        "spec.connection: " + ONE_CREDENTIAL),
                Arguments.of("workload-identity-without-client-id", spec("\"connection\": {\"workloadIdentity\": {\"tenantId\": \""
                        + GUID + "\"}}"), "spec.connection.workloadIdentity.clientId: Required value"),
                Arguments.of("workload-identity-tenant-not-a-guid", spec("\"connection\": {\"workloadIdentity\": {\"tenantId\": "
                        + "\"contoso.onmicrosoft.com\", \"clientId\": \"" + GUID + "\"}}"),
                        "spec.connection.workloadIdentity.tenantId: Invalid value: \"contoso.onmicrosoft.com\""),
                Arguments.of("other-mails-251-entries", spec("\"otherMails\": {\"add\": " + emailsJson(251) + "}"),
                        "spec.otherMails.add: Too many: 251: must have at most 250 items"),
                Arguments.of("other-mails-entry-not-an-address", spec("\"otherMails\": {\"add\": [\"a@b.com\", \"alex at outlook\"]}"),
                        emailMismatch("spec.otherMails.add[1]", "alex at outlook")),
                Arguments.of("bad-language", spec("\"invitation\": {\"messageLanguage\": \"english\"}"),
                        "spec.invitation.messageLanguage: Invalid value: \"english\": spec.invitation.messageLanguage in body should match '"
                                + InvitationSpec.MESSAGE_LANGUAGE_PATTERN + "'"),
                Arguments.of("ftp-redirect", spec("\"invitation\": {\"redirectUrl\": \"ftp://files.contoso.com\"}"),
                        "spec.invitation.redirectUrl: Invalid value: \"ftp://files.contoso.com\": spec.invitation.redirectUrl in body should match '^https?://'"),
                Arguments.of("redirect-url-of-2049-characters", spec("\"invitation\": {\"redirectUrl\": \"https://contoso.com/"
                        + "p".repeat(2049 - 20) + "\"}"), "spec.invitation.redirectUrl: Too long: may not be more than 2048 bytes"),
                Arguments.of("cc-recipient-not-an-address", spec("\"invitation\": {\"ccRecipient\": \"finance team\"}"),
                        emailMismatch("spec.invitation.ccRecipient", "finance team")),
                Arguments.of("message-body-of-10001-characters", spec("\"invitation\": {\"customizedMessageBody\": \""
                        + "m".repeat(10_001) + "\"}"), "spec.invitation.customizedMessageBody: Too long: may not be more than 10000 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void applyRefusesTheBrokenObjectNamingTheFieldAndTheRule(String name, String specJson, String expected) {
        Kubectl.Result result = FIXTURE.kubectl().apply(manifest(name, specJson));

        assertThat(result.exitCode()).as(result.all()).isNotZero();
        assertThat(result.stderr()).contains("GuestRedemptionReset \"" + name + "\" is invalid").contains(expected);
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName(name).get()).isNull();
    }

    @ParameterizedTest(name = "kubectl apply {0}")
    @ValueSource(strings = {"--server-side=false", "--server-side"})
    void anUpdateThatBreaksARuleIsRefusedAndTheStoredObjectStaysAsItWas(String applyMode) {
        String name = "updated-into-conflict" + (applyMode.endsWith("false") ? "" : "-by-ssa");
        Kubectl.Result created = FIXTURE.kubectl().apply(manifest(name, spec("")), applyMode);
        assertThat(created.exitCode()).as(created.all()).isZero();

        Kubectl.Result updated = FIXTURE.kubectl().apply(manifest(name,
                spec("{\"userId\": \"" + GUID + "\", \"email\": \"alex@fabrikam.com\"}", "alex@outlook.com", "")), applyMode);

        assertThat(updated.exitCode()).isNotZero();
        assertThat(updated.stderr()).contains("spec.guest: " + EXACTLY_ONE_GUEST);
        GuestRedemptionReset stored = FIXTURE.client().resources(GuestRedemptionReset.class).withName(name).get();
        assertThat(stored.getSpec().getGuest().getUserId()).isNull();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    static Stream<Arguments> validManifests() {
        return Stream.of(
                Arguments.of("by-user-id", spec("{\"userId\": \"" + GUID.toUpperCase() + "\"}", "alex@outlook.com", "")),
                Arguments.of("every-field", spec("\"mail\": \"Keep\", \"otherMails\": {\"add\": " + emailsJson(250)
                        + ", \"removePreviousEmail\": true}, \"invitation\": {\"redirectUrl\": \"https://apps.contoso.com/welcome\", "
                        + "\"sendInvitationMessage\": true, \"messageLanguage\": \"zh-Hant-TW\", \"ccRecipient\": \"o'brien+ops@xn--mller-kva.de\", "
                        + "\"customizedMessageBody\": \"" + "m".repeat(10_000) + "\"}, \"connection\": {\"secretName\": \"contoso.graph-1\"}")),
                Arguments.of("workload-identity", spec("\"connection\": {\"workloadIdentity\": {\"tenantId\": \"" + GUID
                        + "\", \"clientId\": \"" + GUID + "\"}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validManifests")
    void applyAcceptsAValidObjectUsingEveryRule(String name, String specJson) {
        Kubectl.Result result = FIXTURE.kubectl().apply(manifest(name, specJson));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName(name).get()).isNotNull();
    }

    /** The examples, and the sample policy cluster admins are told to copy. */
    static Stream<Path> examples() throws IOException {
        return Stream.concat(Files.list(Path.of("examples")).filter(p -> p.toString().endsWith(".yaml")).sorted(),
                Stream.of(Path.of("manifests/policy-sample.yaml")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleStillApplies(Path example) {
        Kubectl.Result result = FIXTURE.kubectl().run("apply", "-f", example.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("created");
    }
}
