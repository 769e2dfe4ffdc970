package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.policy.GuestFacts;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.KubectlFixture;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pass reads policies, namespace labels and connection Secrets from informers, whose caches can be
 * empty where the cluster is not: JOSDK stops and empties them before the passes under way end (a
 * rollout, a lost lease; in ChaosTest the replicas are stopped while the one that has just taken the
 * Lease runs its first passes), and a namespace created with its resources may reach its informer
 * after them. Such a pass took the empty cache for "no policy selects this namespace" and wrote
 * Stalled PolicyDenied on resources the policy admits, Ready ones included. A cache that cannot
 * know must give no verdict at all ({@link CacheUnavailable}): the pass then writes nothing and is
 * rescheduled.
 */
class CacheUnavailableTest {

    private static final String POLICY = """
            namespaceSelector: {matchLabels: {guest-resets: allowed}}
            guests: {mailDomains: [partner.example]}
            desiredEmailDomains: {allowed: [new.example]}
            connections: {operatorDefault: true, secretNames: [partner-tenant]}
            """;

    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    private Operator operator;
    private final GuestPolicies policies = new GuestPolicies(true);
    private final ConnectionSecrets secrets = new ConnectionSecrets();

    @BeforeAll
    static void writePolicyAndSecret() {
        KUBERNETES.client().namespaces().withName(OperatorHarness.NAMESPACE)
                .edit(namespace -> new NamespaceBuilder(namespace).editMetadata().addToLabels("guest-resets", "allowed").endMetadata().build());
        Policies.apply(KUBERNETES.client(), "admits-default", POLICY);
        KUBERNETES.client().secrets().inNamespace(OperatorHarness.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("partner-tenant").withLabels(Map.of(ConnectionSecrets.LABEL, "true")).endMetadata()
                .withStringData(Map.of("tenantId", "t", "clientId", "c", "clientSecret", "s")).build()).create();
    }

    @BeforeEach
    void startInformers() {
        operator = new Operator(overrider -> overrider.withKubernetesClient(KUBERNETES.client()).withCloseClientOnStop(false));
        operator.register(new InformersOnly(policies, secrets));
        operator.start(); // returns once the informers have synced
    }

    @AfterEach
    void stop() {
        operator.stop();
    }

    @Test
    void aStoppedPolicyCacheGivesNoVerdictRatherThanNoPolicySelectsTheNamespace() {
        GuestRedemptionReset resource = OperatorHarness.resource("olivia", new GuestReference(null, "olivia@partner.example"),
                "olivia@new.example");
        Supplier<Admission> verdict = () -> PolicyCheck.admit(policies.guardrailsFor(resource), resource.getSpec(),
                GuestFacts.UNREAD);
        assertThat(verdict.get()).as("while running").isInstanceOf(Admission.Admitted.class);

        operator.stop();

        assertThat(orRefusal(verdict)).as("what a pass still running reads from the stopped policy informers")
                .isInstanceOf(CacheUnavailable.class);
    }

    @Test
    void aNamespaceNotYetInTheCacheGivesNoVerdictRatherThanNoPolicySelectsIt() {
        GuestRedemptionReset resource = OperatorHarness.resource("olivia", new GuestReference(null, "olivia@partner.example"),
                "olivia@new.example");
        resource.getMetadata().setNamespace("created-a-moment-ago");

        assertThat(orRefusal(() -> PolicyCheck.admit(policies.guardrailsFor(resource), resource.getSpec(), GuestFacts.UNREAD)))
                .as("the verdict on a resource whose namespace the informer has not seen yet")
                .isInstanceOf(CacheUnavailable.class);
    }

    @Test
    void aStoppedSecretCacheGivesNoVerdictRatherThanTheSecretDoesNotExist() {
        Supplier<Optional<Secret>> secret = () -> secrets.find(OperatorHarness.NAMESPACE, "partner-tenant");
        assertThat(secret.get()).as("while running").isPresent();

        operator.stop();

        assertThat(orRefusal(secret)).as("what a pass still running reads from the stopped Secret informer")
                .isInstanceOf(CacheUnavailable.class);
    }

    /** The answer, or the refusal to give one; on failure the message shows the answer given. */
    private static Object orRefusal(Supplier<?> read) {
        try {
            return read.get();
        } catch (CacheUnavailable refused) {
            return refused;
        }
    }

    /** The informers' event sources, registered with JOSDK as the operator's reconciler registers them. */
    private record InformersOnly(GuestPolicies policies, ConnectionSecrets secrets) implements Reconciler<GuestRedemptionReset> {

        @Override
        public List<EventSource<?, GuestRedemptionReset>> prepareEventSources(EventSourceContext<GuestRedemptionReset> context) {
            List<EventSource<?, GuestRedemptionReset>> sources = new ArrayList<>(policies.eventSources(context));
            sources.add(secrets.eventSource(context));
            return sources;
        }

        @Override
        public UpdateControl<GuestRedemptionReset> reconcile(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
            return UpdateControl.noUpdate();
        }
    }
}
