package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GraphGateway#readGuest} through the real SDK against the emulator: the reads of a pass in
 * one {@code $batch} round trip, each part answered and typed on its own.
 */
class GuestReadBatchContractTest {

    private static final String ALEX = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01";
    private static final String BIANCA = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c02";
    private static final String HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(GuestReadBatchContractTest::examplesWithAlexAHelpdeskAdministrator);

    private static SdkGraphGateway gateway;

    /** The examples' tenant, Alex holding a directory role: the batch reads roles as well as users. */
    private static Seed examplesWithAlexAHelpdeskAdministrator() {
        Seed examples = Seeds.examples();
        List<DirectoryRoleAssignment> roles = new ArrayList<>(examples.roleAssignments());
        roles.add(new DirectoryRoleAssignment("assignment-alex", examples.tenants().get(0).id(), ALEX, HELPDESK_ADMINISTRATOR, "/"));
        return new Seed(examples.tenants(), examples.applications(), examples.users(), roles, examples.groups());
    }

    @BeforeAll
    static void start() {
        gateway = GraphGateways.create(GRAPH.connection());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theUserItsRolesAndTheAddressHoldersComeInOneRoundTrip() {
        GuestReads reads = gateway.readGuest(ALEX, true, List.of("bianca@contoso-partner.com", "nobody@else.example"));

        assertThat(reads.user().value().id()).isEqualTo(ALEX);
        assertThat(reads.user().requestId()).isNotBlank();
        assertThat(reads.roles().value()).extracting(RoleAssignment::roleDefinitionId).containsExactly(HELPDESK_ADMINISTRATOR);
        assertThat(reads.holders().value()).extracting(GuestUser::id).containsExactly(BIANCA);
        assertThat(batches()).as("one round trip").hasSize(1);
        assertThat(requests()).as("each part still reaches Graph (and its budget) as a request").hasSize(3);
    }

    /**
     * A lookup of several queries rides in the same batch while the batch holds at most 20 requests
     * (https://learn.microsoft.com/graph/json-batching); an advanced query's ConsistencyLevel header
     * travels in its part ("specify the ConsistencyLevel header in the JSON body of the POST request",
     * https://learn.microsoft.com/graph/aad-advanced-queries).
     */
    @Test
    void aLookupOfSeveralQueriesTravelsInTheSameBatch() {
        String longAddress = "x".repeat(120) + "@partner.example";
        List<String> addresses = new ArrayList<>(List.of("bianca@contoso-partner.com", longAddress));
        IntStream.range(0, 40).forEach(i -> addresses.add("new" + i + "@partner.example"));

        GuestReads reads = gateway.readGuest(ALEX, true, addresses);

        assertThat(reads.holders().value()).extracting(GuestUser::id).containsExactly(BIANCA);
        assertThat(batches()).as("one round trip").hasSize(1);
        assertThat(requests()).extracting(JournalEntry::status).containsOnly(200);
        assertThat(requests()).filteredOn(e -> URLDecoder.decode(e.path(), StandardCharsets.UTF_8).contains("$count=true"))
                .as("the long address's comparisons").isNotEmpty();
    }

    @Test
    void aLookupTooLargeForOneBatchFollowsTheUserAndTheRolesInBatchesOfItsOwn() {
        List<String> addresses = new ArrayList<>(List.of("bianca@contoso-partner.com"));
        IntStream.range(0, 250).forEach(i -> addresses.add("new" + i + "@partner.example"));

        GuestReads reads = gateway.readGuest(ALEX, true, addresses);

        assertThat(reads.user().value().id()).isEqualTo(ALEX);
        assertThat(reads.roles().value()).hasSize(1);
        assertThat(reads.holders().value()).extracting(GuestUser::id).containsExactly(BIANCA);
        assertThat(batches()).as("1,004 comparisons: 67 queries in batches of 20").hasSize(4);
        assertThat(requests()).extracting(JournalEntry::status).containsOnly(200);
    }

    @Test
    void theUserAloneIsAPlainGet() {
        GuestReads reads = gateway.readGuest(ALEX, false, List.of());

        assertThat(reads.user().value().mail()).isEqualTo("alex@fabrikam.com");
        assertThat(reads.roles()).isNull();
        assertThat(reads.holders()).isNull();
        assertThat(batches()).isEmpty();
        assertThat(requests()).extracting(JournalEntry::path).singleElement().asString().startsWith("/v1.0/users/" + ALEX);
    }

    @Test
    void eachPartFailsOnItsOwnWithItsTypedFailure() {
        GRAPH.emulator().faults().add(FaultRule.times("/roleManagement/directory/roleAssignments", "GET", FaultKind.THROTTLE, 1)
                .withRetryAfter(7));

        GuestReads reads = gateway.readGuest("6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7cff", true, List.of("alex@fabrikam.com"));

        assertThat(reads.user().failure()).isInstanceOf(GraphFailure.NotFound.class);
        assertThat(reads.roles().failure()).isInstanceOfSatisfying(GraphFailure.Throttled.class,
                throttled -> assertThat(throttled.retryAfter()).hasSeconds(7));
        assertThat(reads.holders().value()).extracting(GuestUser::id).containsExactly(ALEX);
    }

    @Test
    void aCredentialEntraRefusesIsATypedFailureOfEveryPart() {
        Application app = Seeds.examples().applications().get(0);
        try (SdkGraphGateway wrongSecret = GraphGateways.create(GraphConnection.builder().graphEndpoint(GRAPH.emulator().graphEndpoint())
                .authorityHost(GRAPH.emulator().authorityHost()).tenantId(app.tenantId()).clientId(app.clientId())
                .clientSecret(app.secrets().get(0) + "-wrong").trustCertificate(GRAPH.emulator().trustedCertificate()).build())) {
            GuestReads reads = wrongSecret.readGuest(ALEX, true, List.of("alex@fabrikam.com"));

            assertThat(List.of(reads.user(), reads.roles(), reads.holders()))
                    .allSatisfy(part -> assertThat(part.failure()).isInstanceOf(GraphFailure.Forbidden.class));
            assertThat(batches()).as("nothing reached Graph").isEmpty();
        }
    }

    private static List<JournalEntry> batches() {
        return GRAPH.emulator().journal().stream().filter(e -> e.path().equals("/v1.0/$batch")).toList();
    }

    /** Graph requests, the parts of a batch included (the emulator journals each part). */
    private static List<JournalEntry> requests() {
        return GRAPH.emulator().journal().stream().filter(e -> e.path().startsWith("/v1.0/") && !e.path().equals("/v1.0/$batch")).toList();
    }
}
