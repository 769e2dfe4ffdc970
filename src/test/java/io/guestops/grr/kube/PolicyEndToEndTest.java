package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, end to end on the embedded Kubernetes and the emulator, with policies on as `run` has
 * them: each rule admitting and refusing (a refused resource writes nothing to Graph), group
 * membership read from Graph through nested groups, the host tenant's domains refused, a namespace
 * no policy selects never reaching Graph, a namespace selected by the name label every namespace
 * carries, and policies and namespace labels changed at run time re-evaluating the resources they
 * cover at once (the stalled recheck is 15 minutes here).
 */
class PolicyEndToEndTest {

    private static final String PARTNER_A_STAFF = "7c100000-0000-4000-8000-000000000001";
    private static final Consumer<GuestRedemptionReset> AS_IS = r -> { };

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/policy-users.yaml", OperatorTimings.endToEndWithPolicies());

    private static String userId(String n) {
        return "7c000000-0000-4000-8000-0000000000" + n;
    }

    /** Admits partner-a.example guests to new-a.example addresses through the operator's default connection. */
    private static final String PARTNER_A = """
            guests: {mailDomains: [partner-a.example]}
            desiredEmailDomains: {allowed: [new-a.example]}
            connections: {operatorDefault: true}
            """;

    static Stream<Arguments> rules() {
        return Stream.of(
                row("01", "guest by mail domain admits", PARTNER_A, "new-a.example", AS_IS, null),
                row("02", "guest by mail domain refuses", PARTNER_A, "new-a.example", AS_IS,
                        "guests.mailDomains [partner-a.example]"),
                row("03", "guest by UPN home domain admits", PARTNER_A.replace("guests: {mailDomains", "guests: {userPrincipalNameDomains"),
                        "new-a.example", AS_IS, null),
                row("04", "guest by object id admits", PARTNER_A.replace("mailDomains: [partner-a.example]",
                        "userIds: [" + userId("04") + "]"), "new-a.example", AS_IS, null),
                row("05", "guest in a nested group admits", PARTNER_A.replace("mailDomains: [partner-a.example]",
                        "groupIds: [" + PARTNER_A_STAFF + "]"), "new-a.example", AS_IS, null),
                row("06", "guest in no listed group refuses", PARTNER_A.replace("mailDomains: [partner-a.example]",
                        "groupIds: [" + PARTNER_A_STAFF + "]"), "new-a.example", AS_IS, "guests.groupIds [" + PARTNER_A_STAFF + "]"),
                row("07", "a denied desired domain refuses", PARTNER_A.replace("allowed: [new-a.example]",
                        "allowed: ['*'], denied: [personal.example]"), "personal.example", AS_IS, "desiredEmailDomains.denied"),
                row("08", "the host tenant's verified domain refuses", PARTNER_A.replace("allowed: [new-a.example]", "allowed: ['*']"),
                        "contoso.com", AS_IS, "'contoso.com' is a verified domain of the host tenant"),
                row("09", "an unlisted Secret refuses", PARTNER_A, "new-a.example", PolicyEndToEndTest::withSecretConnection,
                        "connections.secretNames [(none)] does not list Secret 'partner-b-tenant'"),
                row("10", "a required invitation message refuses when not sent", PARTNER_A
                        + "invitation: {requireInvitationMessage: true}", "new-a.example", AS_IS, "invitation.requireInvitationMessage"),
                row("11", "an unlisted redirect host refuses", PARTNER_A, "new-a.example",
                        r -> r.getSpec().getInvitation().setRedirectUrl("https://evil.example/welcome"),
                        "does not allow redirect host 'evil.example'"),
                row("12", "the host tenant's domain when the policy allows it", PARTNER_A.replace("allowed: [new-a.example]",
                        "allowed: ['*'], allowHostTenantDomains: true"), "contoso.com", AS_IS, null));
    }

    private static Arguments row(String n, String rule, String policySpec, String desiredDomain,
                                 Consumer<GuestRedemptionReset> change, String refusal) {
        return Arguments.of(n, rule, policySpec, desiredDomain, change, refusal);
    }

    private static void withSecretConnection(GuestRedemptionReset resource) {
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName("partner-b-tenant");
        resource.getSpec().setConnection(connection);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rules")
    void eachRuleAdmitsOrRefusesBeforeAnyWrite(String n, String rule, String policySpec, String desiredDomain,
                                               Consumer<GuestRedemptionReset> change, String refusal) {
        KubernetesClient client = FIXTURE.client();
        String namespace = "rule-" + n;
        Policies.namespace(client, namespace, Map.of("policy-test", namespace));
        Policies.apply(client, namespace, "namespaceSelector: {matchLabels: {policy-test: " + namespace + "}}\n" + policySpec);
        GuestRedemptionReset resource = OperatorHarness.resource("guest-" + n, new GuestReference(userId(n), null),
                "p" + n + "@" + desiredDomain);
        change.accept(resource);
        Policies.create(client, namespace, resource);

        // The policy and the resource reach the operator through separate informers: a first pass may
        // see no policy yet, and the policy's arrival re-evaluates it. Wait for the final verdict.
        GuestRedemptionReset settled = awaitIn(namespace, "guest-" + n, r -> refusal == null
                ? OperatorHarness.settled(r) && isTrue(r, "Ready") : stalledFor(r, refusal));
        if (refusal == null) {
            assertThat(isTrue(settled, "Ready")).as(rule + ": " + settled.getStatus().getConditions()).isTrue();
            assertThat(settled.getStatus().getAdmittedBy()).isEqualTo(namespace);
            assertThat(resetsOf(FIXTURE.emulator(), userId(n))).extracting(InvitationRecord::invitedUserEmailAddress)
                    .containsExactly("p" + n + "@" + desiredDomain);
        } else {
            assertThat(condition(settled, "Stalled")).hasValueSatisfying(stalled -> {
                assertThat(stalled.getReason()).isEqualTo("PolicyDenied");
                assertThat(stalled.getMessage()).contains("policy '" + namespace + "': ").contains(refusal);
            });
            assertThat(settled.getStatus().getAdmittedBy()).isNull();
            assertThat(writesTo(FIXTURE.emulator(), userId(n))).as("Graph writes for a refused resource").isEmpty();
        }
    }

    @Test
    void aNamespaceNoPolicySelectsNeverReachesGraph() {
        KubernetesClient client = FIXTURE.client();
        Policies.namespace(client, "unpoliced", Map.of("team", "nobody"));
        Policies.create(client, "unpoliced", OperatorHarness.resource("guest-13", new GuestReference(userId("13"), null),
                "p13@new-a.example"));

        GuestRedemptionReset settled = awaitIn("unpoliced", "guest-13", OperatorHarness::settled);
        assertThat(condition(settled, "Stalled")).hasValueSatisfying(stalled -> {
            assertThat(stalled.getReason()).isEqualTo("PolicyDenied");
            assertThat(stalled.getMessage()).contains("No GuestRedemptionPolicy selects namespace 'unpoliced'");
        });
        assertThat(FIXTURE.emulator().journal()).as("no Graph request names the guest, not even a read")
                .noneMatch(e -> e.path().contains(userId("13")) || (e.requestBody() != null && e.requestBody().contains(userId("13"))));
    }

    @Test
    void editingAndDeletingAPolicyReEvaluatesItsResourcesAtOnce() {
        KubernetesClient client = FIXTURE.client();
        Policies.namespace(client, "edited", Map.of("policy-test", "edited"));
        String selector = "namespaceSelector: {matchLabels: {policy-test: edited}}\n";
        Policies.apply(client, "edited", selector + PARTNER_A.replace("[new-a.example]", "[other.example]"));
        Policies.create(client, "edited", OperatorHarness.resource("guest-14", new GuestReference(userId("14"), null),
                "p14@new-a.example"));
        awaitIn("edited", "guest-14", r -> stalledFor(r, "desiredEmailDomains.allowed [other.example]"));
        assertThat(writesTo(FIXTURE.emulator(), userId("14"))).isEmpty();

        Policies.apply(client, "edited", selector + PARTNER_A);
        GuestRedemptionReset ready = awaitIn("edited", "guest-14", r -> OperatorHarness.settled(r) && isTrue(r, "Ready"));
        assertThat(ready.getStatus().getAdmittedBy()).isEqualTo("edited");
        int writes = writesTo(FIXTURE.emulator(), userId("14")).size();

        Policies.delete(client, "edited");
        awaitIn("edited", "guest-14", r -> stalledFor(r, "No GuestRedemptionPolicy selects namespace 'edited'")
                && r.getStatus().getAdmittedBy() == null);
        assertThat(writesTo(FIXTURE.emulator(), userId("14"))).as("no write after the policy went").hasSize(writes);
    }

    @Test
    void labellingANamespaceBringsItUnderAPolicyAtOnce() {
        KubernetesClient client = FIXTURE.client();
        Policies.namespace(client, "relabelled", Map.of());
        Policies.apply(client, "team-partner-a", "namespaceSelector: {matchLabels: {team: partner-a}}\n" + PARTNER_A);
        Policies.create(client, "relabelled", OperatorHarness.resource("guest-16", new GuestReference(userId("16"), null),
                "p16@new-a.example"));
        awaitIn("relabelled", "guest-16", r -> stalledFor(r, "No GuestRedemptionPolicy selects namespace 'relabelled'"));

        client.namespaces().withName("relabelled").edit(ns -> {
            ns.getMetadata().setLabels(Map.of("team", "partner-a"));
            return ns;
        });
        GuestRedemptionReset ready = awaitIn("relabelled", "guest-16", r -> OperatorHarness.settled(r) && isTrue(r, "Ready"));
        assertThat(ready.getStatus().getAdmittedBy()).isEqualTo("team-partner-a");
    }

    @Test
    void aPolicySelectingANamespaceByItsNameLabelAdmitsItsResources() {
        KubernetesClient client = FIXTURE.client();
        // created without labels: the API server gives every namespace kubernetes.io/metadata.name itself
        Policies.namespace(client, "selected-by-name", Map.of());
        Policies.apply(client, "selected-by-name",
                "namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: selected-by-name}}\n" + PARTNER_A);
        Policies.create(client, "selected-by-name", OperatorHarness.resource("guest-17", new GuestReference(userId("17"), null),
                "p17@new-a.example"));

        GuestRedemptionReset ready = awaitIn("selected-by-name", "guest-17", r -> OperatorHarness.settled(r) && isTrue(r, "Ready"));
        assertThat(ready.getStatus().getAdmittedBy()).isEqualTo("selected-by-name");
        assertThat(resetsOf(FIXTURE.emulator(), userId("17"))).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("p17@new-a.example");
    }

    private static boolean stalledFor(GuestRedemptionReset r, String messagePart) {
        return OperatorHarness.settled(r) && condition(r, "Stalled")
                .filter(c -> "True".equals(c.getStatus()) && "PolicyDenied".equals(c.getReason()) && c.getMessage().contains(messagePart))
                .isPresent();
    }

    private static GuestRedemptionReset awaitIn(String namespace, String name, Predicate<GuestRedemptionReset> condition) {
        KubernetesClient client = FIXTURE.client();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition.test(Policies.get(client, namespace, name)));
        return Policies.get(client, namespace, name);
    }
}
