package io.guestops.grr.decision.policy;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.spec;
import static io.guestops.grr.decision.Guests.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.decision.Guests;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy verdict as a table: each rule admitting and refusing, with the rule a refusal names.
 * The guest is jane@old.example (UPN jane_old.example#EXT#@host.onmicrosoft.com) moving to jane@new.example.
 */
class PolicyCheckTest {

    private static final String GROUP = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String NESTED_PARENT = "aaaaaaaa-0000-0000-0000-000000000002";
    private static final List<String> HOST_DOMAINS = List.of("host.onmicrosoft.com", "host.example");
    private static final Consumer<GuestRedemptionResetSpec> AS_IS = spec -> { };

    /** A policy from its spec in YAML, as a cluster admin writes it. */
    static GuestRedemptionPolicy policy(String name, String specYaml) {
        String yaml = "apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionPolicy\nmetadata:\n  name: " + name + "\nspec:\n"
                + specYaml.indent(2);
        return Serialization.unmarshal(yaml, GuestRedemptionPolicy.class);
    }

    /** Admits the test guest to the test address through the operator's default connection; rows change one rule. */
    private static final String BASE = """
            namespaceSelector: {}
            guests: {mailDomains: [old.example]}
            desiredEmailDomains: {allowed: [new.example]}
            connections: {operatorDefault: true}
            """;

    static Stream<Arguments> rules() {
        return Stream.of(
                row("the base policy admits", BASE, AS_IS, null, null),
                // guests
                row("guest by mail domain, other domain", BASE.replace("mailDomains: [old.example]", "mailDomains: [other.example]"),
                        AS_IS, null, "is in none of guests.mailDomains [other.example]"),
                row("guest by mail subdomain rule", BASE.replace("[old.example]", "['*.example']"), AS_IS, null, null),
                row("guest by mail: * admits any guest", BASE.replace("[old.example]", "['*']"), AS_IS, null, null),
                row("guest by UPN home domain (before #EXT#)", BASE.replace("mailDomains: [old.example]",
                        "userPrincipalNameDomains: [old.example]"), AS_IS, null, null),
                row("guest by UPN: the host domain after #EXT# is not the guest's", BASE.replace("mailDomains: [old.example]",
                        "userPrincipalNameDomains: [host.onmicrosoft.com]"), AS_IS, null, "guests.userPrincipalNameDomains [host.onmicrosoft.com]"),
                row("guest by object id", BASE.replace("mailDomains: [old.example]", "userIds: [" + USER_ID + "]"), AS_IS, null, null),
                row("guest by object id, another one", BASE.replace("mailDomains: [old.example]",
                        "userIds: [99999999-8888-7777-6666-555555555555]"), AS_IS, null, "guests.userIds"),
                row("guest by group membership (transitive, as Graph answered)", BASE.replace("mailDomains: [old.example]",
                        "groupIds: [" + NESTED_PARENT + "]"), AS_IS, Set.of(NESTED_PARENT), null),
                row("guest by group, not a member", BASE.replace("mailDomains: [old.example]", "groupIds: [" + GROUP + "]"),
                        AS_IS, Set.of(), "guests.groupIds [" + GROUP + "] (transitive membership)"),
                row("no guest rule listed admits no guest", BASE.replace("guests: {mailDomains: [old.example]}", "guests: {}"),
                        AS_IS, null, "is in none of guests.mailDomains [(none)]"),
                // desired email domains
                row("desired domain not allowed", BASE, (Consumer<GuestRedemptionResetSpec>) s -> s.setDesiredEmail("jane@elsewhere.example"),
                        null, "desiredEmailDomains.allowed [new.example] does not allow spec.desiredEmail's domain 'elsewhere.example'"),
                row("no allowed domain listed allows none", BASE.replace("desiredEmailDomains: {allowed: [new.example]}",
                        "desiredEmailDomains: {}"), AS_IS, null, "desiredEmailDomains.allowed [(none)]"),
                row("denied wins over allowed", BASE.replace("allowed: [new.example]", "allowed: ['*'], denied: [new.example]"), AS_IS,
                        null, "desiredEmailDomains.denied [new.example] refuses spec.desiredEmail's domain 'new.example'"),
                row("the host tenant's verified domain is refused", BASE.replace("allowed: [new.example]", "allowed: ['*']"),
                        (Consumer<GuestRedemptionResetSpec>) s -> s.setDesiredEmail("ceo@host.example"), null,
                        "'host.example' is a verified domain of the host tenant"),
                row("...unless the policy says otherwise", BASE.replace("allowed: [new.example]",
                        "allowed: ['*'], allowHostTenantDomains: true"),
                        (Consumer<GuestRedemptionResetSpec>) s -> s.setDesiredEmail("ceo@host.example"), null, null),
                // connections
                row("the default connection needs operatorDefault", BASE.replace("connections: {operatorDefault: true}", "connections: {}"),
                        AS_IS, null, "connections.operatorDefault is false"),
                row("a listed Secret", BASE.replace("operatorDefault: true", "secretNames: [partner-a-tenant]"),
                        secret("partner-a-tenant"), null, null),
                row("an unlisted Secret", BASE.replace("operatorDefault: true", "secretNames: [partner-a-tenant]"),
                        secret("partner-b-tenant"), null, "connections.secretNames [partner-a-tenant] does not list Secret 'partner-b-tenant'"),
                row("a listed workload identity", BASE.replace("operatorDefault: true",
                        "workloadIdentityClientIds: [bbbbbbbb-0000-0000-0000-000000000001]"),
                        workloadIdentity("bbbbbbbb-0000-0000-0000-000000000001"), null, null),
                row("an unlisted workload identity", BASE, workloadIdentity("bbbbbbbb-0000-0000-0000-000000000001"), null,
                        "connections.workloadIdentityClientIds [(none)] does not list client id bbbbbbbb-0000-0000-0000-000000000001"),
                // invitation
                row("invitation message required, not sent", BASE + "invitation: {requireInvitationMessage: true}", AS_IS, null,
                        "invitation.requireInvitationMessage is true"),
                row("invitation message required and sent", BASE + "invitation: {requireInvitationMessage: true}",
                        (Consumer<GuestRedemptionResetSpec>) s -> s.getInvitation().setSendInvitationMessage(true), null, null),
                row("no redirect host listed: only the default", BASE,
                        (Consumer<GuestRedemptionResetSpec>) s -> s.getInvitation().setRedirectUrl("https://phish.example/login"), null,
                        "invitation.redirectUrlHosts [myapps.microsoft.com (the default)] does not allow redirect host 'phish.example'"),
                row("a listed redirect host", BASE + "invitation: {redirectUrlHosts: ['*.contoso.com']}",
                        (Consumer<GuestRedemptionResetSpec>) s -> s.getInvitation().setRedirectUrl("https://apps.contoso.com/start"), null, null),
                row("a redirect host outside the list", BASE + "invitation: {redirectUrlHosts: ['*.contoso.com']}",
                        (Consumer<GuestRedemptionResetSpec>) s -> s.getInvitation().setRedirectUrl("https://contoso.com.phish.example/"),
                        null, "does not allow redirect host 'contoso.com.phish.example'"));
    }

    private static Arguments row(String rule, String policySpec, Consumer<GuestRedemptionResetSpec> resource, Set<String> groups,
                                 String refusal) {
        return Arguments.of(rule, policySpec, resource, groups, refusal);
    }

    private static Consumer<GuestRedemptionResetSpec> secret(String name) {
        return s -> {
            ConnectionSpec connection = new ConnectionSpec();
            connection.setSecretName(name);
            s.setConnection(connection);
        };
    }

    private static Consumer<GuestRedemptionResetSpec> workloadIdentity(String clientId) {
        return s -> {
            ConnectionSpec.WorkloadIdentitySpec identity = new ConnectionSpec.WorkloadIdentitySpec();
            identity.setTenantId("cccccccc-0000-0000-0000-000000000001");
            identity.setClientId(clientId);
            ConnectionSpec connection = new ConnectionSpec();
            connection.setWorkloadIdentity(identity);
            s.setConnection(connection);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleAdmitsOrRefusesNamingItself(String rule, String policySpec, Consumer<GuestRedemptionResetSpec> change,
                                             Set<String> memberGroups, String refusal) {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        change.accept(spec);
        Guardrails guardrails = Guardrails.of("team-a", List.of(policy("partners", policySpec)));
        Admission admission = PolicyCheck.admit(guardrails, spec, new GuestFacts(guest(OLD_MAIL, List.of()), memberGroups, HOST_DOMAINS));
        if (refusal == null) {
            assertThat(admission).isEqualTo(new Admission.Admitted("partners", 10));
        } else {
            assertThat(admission).isInstanceOf(Admission.Denied.class);
            assertThat(((Admission.Denied) admission).message()).contains("policy 'partners': ").contains(refusal)
                    .contains("nothing was sent to Graph");
        }
    }

    @Test
    void aGuestIsJudgedByTheMailItHadBeforeThisResourceChangedIt() {
        Guardrails guardrails = Guardrails.of("team-a", List.of(policy("partners", BASE)));
        GuestUser changed = guest(NEW_MAIL, List.of(NEW_MAIL));
        var status = Guests.resolved(USER_ID, OLD_MAIL);
        assertThat(PolicyCheck.admit(guardrails, spec(NEW_MAIL), GuestFacts.of(new Observation.Found(changed), status)))
                .isEqualTo(new Admission.Admitted("partners", 10));
        assertThat(PolicyCheck.admit(guardrails, spec(NEW_MAIL), GuestFacts.of(new Observation.Found(changed), status())))
                .as("a guest whose mail someone else moved is judged as it is now").isInstanceOf(Admission.Denied.class);
    }

    @Test
    void noPolicySelectingTheNamespaceDeniesWithoutAnyGraphFact() {
        Admission admission = PolicyCheck.admit(Guardrails.of("team-x", List.of()), spec(NEW_MAIL), GuestFacts.UNREAD);
        assertThat(admission).isInstanceOf(Admission.Denied.class);
        assertThat(((Admission.Denied) admission).message()).contains("No GuestRedemptionPolicy selects namespace 'team-x'");
    }

    @Test
    void policiesOffAdmitEverything() {
        assertThat(PolicyCheck.admit(Guardrails.OFF, spec(NEW_MAIL), GuestFacts.UNREAD)).isEqualTo(Admission.UNRESTRICTED);
    }

    @Test
    void beforeGraphIsReadOnlyTheRulesWithoutGraphFactsJudge() {
        Guardrails guardrails = Guardrails.of("team-a", List.of(policy("partners", BASE.replace("[old.example]", "[other.example]"))));
        assertThat(PolicyCheck.admit(guardrails, spec(NEW_MAIL), GuestFacts.UNREAD)).isInstanceOf(Admission.Admitted.class);
        assertThat(PolicyCheck.admit(guardrails, spec(NEW_MAIL), new GuestFacts(guest(OLD_MAIL, List.of()), null, null)))
                .isInstanceOf(Admission.Denied.class);
    }

    @Test
    void theFirstAdmittingPolicyByNameWinsAndEveryRefusalIsNamed() {
        GuestRedemptionPolicy strict = policy("a-strict", BASE.replace("[new.example]", "[nowhere.example]"));
        GuestRedemptionPolicy loose = policy("b-loose", BASE + "maxResetsPerHour: 3");
        GuestRedemptionPolicy other = policy("c-other", BASE);
        GuestFacts facts = new GuestFacts(guest(OLD_MAIL, List.of()), null, HOST_DOMAINS);
        assertThat(PolicyCheck.admit(Guardrails.of("team-a", List.of(other, loose, strict)), spec(NEW_MAIL), facts))
                .isEqualTo(new Admission.Admitted("b-loose", 3));
        Admission denied = PolicyCheck.admit(Guardrails.of("team-a", List.of(strict)), spec("jane@x.example"), facts);
        assertThat(((Admission.Denied) denied).message()).contains("policy 'a-strict': desiredEmailDomains.allowed");
    }

    @Test
    void thePreflightReadsOnlyWhatPoliciesThatMayStillAdmitNeed() {
        GuestRedemptionPolicy byGroup = policy("by-group", BASE.replace("mailDomains: [old.example]", "groupIds: [" + GROUP + "]"));
        GuestRedemptionPolicy wrongConnection = policy("by-parent", BASE.replace("mailDomains: [old.example]",
                "groupIds: [" + NESTED_PARENT + "]").replace("operatorDefault: true", "secretNames: [x]"));
        GuestUser jane = guest(OLD_MAIL, List.of());
        Preflight preflight = ReconcileDecision.preflight(spec(NEW_MAIL), jane, status(),
                Guardrails.of("team-a", List.of(byGroup, wrongConnection)));
        assertThat(preflight.groupIds()).containsExactly(GROUP);
        assertThat(preflight.verifiedDomains()).isTrue();
        Preflight hostAllowed = ReconcileDecision.preflight(spec(NEW_MAIL), jane, status(), Guardrails.of("team-a",
                List.of(policy("p", BASE.replace("allowed: [new.example]", "allowed: [new.example], allowHostTenantDomains: true")))));
        assertThat(hostAllowed.verifiedDomains()).isFalse();
        assertThat(hostAllowed.groupIds()).isEmpty();
        assertThat(ReconcileDecision.preflight(spec(NEW_MAIL), jane, status(), Guardrails.OFF).verifiedDomains()).isFalse();
    }

    @Test
    void aDeniedResourceStallsBeforeItsFirstWrite() {
        ReconcileDecision decision = DecisionWiring.decision();
        Peer self = new Peer(new ResourceRef("team-a", "jane", Instant.parse("2024-01-01T00:00:00Z")), null, null);
        Step step = decision.decide(spec(NEW_MAIL), new Observation.Found(guest(OLD_MAIL, List.of()), List.of(), List.of()), status(),
                self, List.of(), new Admission.Denied("No GuestRedemptionPolicy admits this resource"), Instant.now());
        assertThat(step).isEqualTo(new Step.Stall(Reasons.POLICY_DENIED, "No GuestRedemptionPolicy admits this resource"));
        assertThat(step.writesToGraph()).isFalse();
    }
}
