package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.manifest.ManifestDocument;
import io.guestops.grr.manifest.ManifestReader;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.plan.ClusterView;
import io.guestops.grr.plan.Plan;
import io.guestops.grr.plan.PlannedAction;
import io.guestops.grr.plan.Planner;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.TestResources;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * `plan` and the operator cannot disagree: the examples and the bad-input corpus (every Stalled
 * reason) are planned, then applied; each resource ends as its plan said (the Stalled reason, or
 * Ready with the planned reset and address), the plan made no Graph write, and a second plan
 * against the cluster's status finds nothing left to do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanMatchesOperatorTest {

    private static final String COLLECTION = "/apis/guestops.io/v1alpha1/namespaces/default/guestredemptionresets";
    /** How the corpus and the examples say how a resource ends. */
    private static final List<String> EXPECT = List.of("corpus.guestops.io/expect", "guestops.io/example-expects");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> FILES = List.of(Path.of("examples"), Path.of("src/test/resources/bad-input/corpus.yaml"));

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/bad-input/users.yaml");

    private static ManifestValidator.Result validated;
    private static Map<String, PlannedAction> firstPlan;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void secretsTheCorpusNames() {
        for (Object secret : new Yaml().loadAll(TestResources.text("/bad-input/secrets.yaml"))) {
            FIXTURE.client().resource(JSON.convertValue(secret, Secret.class)).inNamespace(OperatorHarness.NAMESPACE).create();
        }
        validated = ManifestValidator.forProjectCrd(List.of()).validate(ManifestReader.read(FILES), OperatorHarness.NAMESPACE);
    }

    @Order(1)
    @Test
    void planSaysWhatEachCorpusCaseEndsInAndWritesNothing() {
        int before = FIXTURE.emulator().journal().size();
        Plan plan = plan(ClusterView.NONE);
        assertThat(graphWritesSince(before)).as("Graph writes during plan").isEmpty();
        firstPlan = plan.actions().stream().collect(Collectors.toMap(PlannedAction::resource, Function.identity()));
        for (ManifestValidator.Accepted accepted : validated.accepted()) {
            String expect = annotation(accepted.document());
            PlannedAction action = firstPlan.get(key(accepted.resource()));
            if (expect != null && expect.startsWith("Stalled/")) {
                assertThat("Stalled/" + action.reason()).as(action.toString()).isEqualTo(expect);
                assertThat(action.kind()).isEqualTo(PlannedAction.Kind.REFUSED);
            } else {
                assertThat(action.kind()).as(action.toString()).isEqualTo(PlannedAction.Kind.CHANGE);
                assertThat(action.resetTo()).as(action.toString()).isEqualToIgnoringCase(accepted.resource().getSpec().getDesiredEmail());
            }
        }
        assertThat(plan.exitCode()).isEqualTo(2);
    }

    /** As `run` by default: policies on, and a namespace no policy selects is refused before any Graph read. */
    @Order(2)
    @Test
    void withPoliciesOnANamespaceNoPolicySelectsPlansRefusalsWithoutReadingGraph() {
        int before = FIXTURE.emulator().journal().size();
        Plan plan = plan(ClusterView.of(FIXTURE.client(), true));
        // The spec is checked first, as the operator does; every valid resource is refused by the policies.
        assertThat(plan.actions()).filteredOn(action -> !"InvalidSpec".equals(action.reason())).isNotEmpty().allSatisfy(action -> {
            assertThat(action.reason()).isEqualTo("PolicyDenied");
            assertThat(action.message()).contains("No GuestRedemptionPolicy selects namespace 'default'");
        });
        assertThat(FIXTURE.emulator().journal().subList(before, FIXTURE.emulator().journal().size()))
                .as("no Graph request at all").noneMatch(e -> e.path().startsWith("/v1.0/"));
    }

    @Order(3)
    @Test
    void theOperatorThenDoesWhatThePlanSaid() {
        validated.accepted().forEach(accepted ->
                assertThat(FIXTURE.createThroughApi(COLLECTION, json(accepted.document())).accepted()).isTrue());
        try (SdkGraphGateway graph = GraphGateways.create(FIXTURE.environment().graphConnection())) {
            for (ManifestValidator.Accepted accepted : validated.accepted()) {
                PlannedAction planned = firstPlan.get(key(accepted.resource()));
                GuestRedemptionReset settled = OperatorHarness.awaitResource(FIXTURE.client(),
                        accepted.resource().getMetadata().getName(), OperatorHarness::settled);
                if (planned.kind() == PlannedAction.Kind.REFUSED) {
                    Condition stalled = OperatorHarness.condition(settled, "Stalled").orElseThrow();
                    assertThat(stalled.getReason()).as(planned.resource()).isEqualTo(planned.reason());
                    continue;
                }
                assertThat(OperatorHarness.isTrue(settled, "Ready")).as(planned.resource()).isTrue();
                assertThat(settled.getStatus().getReset().getEmail()).isEqualToIgnoringCase(planned.resetTo());
                if (planned.emails() != null && planned.emails().mailChanges()) {
                    assertThat(graph.getUser(planned.userId()).value().mail()).isEqualToIgnoringCase(planned.emails().mailAfter());
                }
            }
        }
    }

    @Order(4)
    @Test
    void aSecondPlanAgainstTheClusterFindsNothingLeftToDo() {
        int before = FIXTURE.emulator().journal().size();
        Plan plan = plan(ClusterView.of(FIXTURE.client(), false)); // the fixture's operator runs without policies
        assertThat(graphWritesSince(before)).as("Graph writes during plan").isEmpty();
        assertThat(plan.actions()).allSatisfy(action -> assertThat(action.kind()).as(action.toString())
                .isIn(PlannedAction.Kind.NOTHING, PlannedAction.Kind.REFUSED));
        assertThat(plan.actions()).filteredOn(a -> a.kind() == PlannedAction.Kind.REFUSED)
                .allSatisfy(action -> assertThat(action.reason()).isEqualTo(firstPlan.get(action.resource()).reason()));
        assertThat(plan.exitCode()).isZero();
    }

    @Order(5)
    @Test
    void aRefusalOfThePlansOwnSignInIsAnErrorNotAPrediction() {
        GraphConnection operators = FIXTURE.environment().graphConnection();
        GraphConnection wrongSecret = GraphConnection.builder().graphEndpoint(FIXTURE.emulator().graphEndpoint())
                .authorityHost(FIXTURE.emulator().authorityHost()).tenantId(operators.tenantId()).clientId(operators.clientId())
                .clientSecret("not-the-secret").trustCertificate(FIXTURE.emulator().trustedCertificate()).build();
        Plan plan = plan(ClusterView.NONE, wrongSecret);
        assertThat(plan.actions()).filteredOn(a -> a.resource().equals("default/alex-new-identity-provider")).singleElement()
                .satisfies(action -> {
                    assertThat(action.kind()).isEqualTo(PlannedAction.Kind.ERROR);
                    assertThat(action.reason()).isEqualTo("GraphAccessDenied");
                });
        assertThat(plan.exitCode()).isEqualTo(1);
    }

    private static Plan plan(ClusterView cluster) {
        return plan(cluster, FIXTURE.environment().graphConnection());
    }

    private static Plan plan(ClusterView cluster, GraphConnection connection) {
        try (TenantGateways gateways = new TenantGateways(connection, GraphGateways::create)) {
            List<GuestRedemptionReset> resources = validated.accepted().stream().map(a -> {
                a.resource().getMetadata().setNamespace(OperatorHarness.NAMESPACE);
                return a.resource();
            }).toList();
            return Planner.withOperatorDefaults(gateways, ConnectionSecrets.readFrom(FIXTURE.client()), cluster, Clock.systemUTC())
                    .plan(resources);
        }
    }

    private static List<JournalEntry> graphWritesSince(int index) {
        List<JournalEntry> journal = FIXTURE.emulator().journal();
        return journal.subList(index, journal.size()).stream()
                .filter(e -> !"GET".equals(e.method()) && !e.path().contains("/oauth2/") && !GraphJournal.isBatchEnvelope(e)).toList();
    }

    private static String annotation(ManifestDocument document) {
        return EXPECT.stream().map(key -> document.content().path("metadata").path("annotations").path(key).asText(null))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static String key(GuestRedemptionReset resource) {
        return OperatorHarness.NAMESPACE + "/" + resource.getMetadata().getName();
    }

    private static String json(ManifestDocument document) {
        return document.content().toString();
    }
}
