package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.testkit.GraphJournal.writes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One busy tenant never slows another: tenant A's application has spent its Graph write budget on
 * a bulk change, tenant B's has not. With only two reconcile threads, B's resources all become Ready
 * promptly while A's wait for budget (visibly, as Reconciling/WaitingForGraphBudget): A's passes
 * wait outside and park no thread. Graph never has to refuse a write.
 */
class TenantPacingTest {

    /** Per application and tenant: A's twelve resources need 24 writes, B's two need 4. */
    private static final int WRITES_PER_150S = 6;
    private static final PacedTenant A = new PacedTenant('a', 12);
    private static final PacedTenant B = new PacedTenant('b', 2);
    private static final String SECRET = "emulator-only-secret";

    /** A tenant of the test, its ids spelled with its letter (aaaaaaaa-…); the operator has an application in each. */
    private record PacedTenant(char letter, int guests) {

        String tenantId() {
            return id("0000", "00000000000" + letter);
        }

        String appId() {
            return id("1111", "00000000000" + letter);
        }

        String guestId(int i) {
            return id("2222", String.format("%012d", i));
        }

        private String id(String kind, String last) {
            return String.valueOf(letter).repeat(8) + "-" + kind + "-4000-8000-" + last;
        }
    }

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperator(TenantPacingTest::seed, OperatorTimings.endToEnd().toBuilder().threads(2).build())
                    .emulatorOptions(options -> options.throttling(ThrottleLimits.graphDefaults().withWritesPer150s(WRITES_PER_150S)));

    @Test
    void aTenantThatSpentItsBudgetWaitsWithoutSlowingAnother() {
        KubernetesClient client = FIXTURE.client();
        IntStream.range(0, A.guests()).forEach(i -> create(client, resource("a-" + i, new GuestReference(A.guestId(i), null),
                "new-" + i + "@a.example")));
        await().atMost(Duration.ofSeconds(60)).until(() -> writesOf(A.appId()).size() == WRITES_PER_150S
                && waitingForBudget("a-", A.guests()).size() >= A.guests() - WRITES_PER_150S);

        client.resource(new SecretBuilder().withNewMetadata().withName("tenant-b").withNamespace(NAMESPACE)
                .addToLabels("guestops.io/connection", "true").endMetadata()
                .addToData("tenantId", base64(B.tenantId())).addToData("clientId", base64(B.appId())).addToData("clientSecret", base64(SECRET))
                .build()).create();
        IntStream.range(0, B.guests()).forEach(i -> create(client, onTenantB(resource("b-" + i,
                new GuestReference(B.guestId(i), null), "new-" + i + "@b.example"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, B.guests()).allMatch(i -> isTrue(get(client, "b-" + i), "Ready")));
        assertThat(writesOf(B.appId())).hasSize(2 * B.guests());
        List<String> aReady = IntStream.range(0, A.guests()).mapToObj(i -> "a-" + i).filter(name -> isTrue(get(client, name), "Ready")).toList();
        assertThat(aReady).as("A is held to its budget").hasSizeLessThanOrEqualTo(WRITES_PER_150S / 2);
        assertThat(writesOf(A.appId())).hasSize(WRITES_PER_150S);
        assertThat(FIXTURE.emulator().journal()).as("paced, so Graph never had to refuse").noneMatch(e -> e.status() == 429);
    }

    private static List<JournalEntry> writesOf(String appId) {
        return writes(FIXTURE.emulator()).stream().filter(e -> appId.equals(e.appId())).toList();
    }

    private static List<String> waitingForBudget(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i)
                .filter(name -> condition(get(FIXTURE.client(), name), "Reconciling")
                        .map(c -> Reasons.WAITING_FOR_GRAPH_BUDGET.equals(c.getReason())).orElse(false))
                .toList();
    }

    private static GuestRedemptionReset onTenantB(GuestRedemptionReset resource) {
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName("tenant-b");
        resource.getSpec().setConnection(connection);
        return resource;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Two tenants, each with the operator's application (A's first: the operator's default connection) and guests. */
    private static Seed seed() {
        List<PacedTenant> tenants = List.of(A, B);
        StringBuilder yaml = new StringBuilder("tenants:\n");
        for (PacedTenant tenant : tenants) {
            yaml.append("  - id: ").append(tenant.tenantId()).append("\n    defaultDomain: ").append(tenant.letter())
                    .append("host.onmicrosoft.com\n");
        }
        yaml.append("applications:\n");
        for (PacedTenant tenant : tenants) {
            yaml.append("  - clientId: ").append(tenant.appId()).append("\n    tenantId: ").append(tenant.tenantId())
                    .append("\n    secrets: [").append(SECRET).append("]\n    applicationPermissions: [User.ReadWrite.All, RoleManagement.Read.Directory]\n");
        }
        yaml.append("users:\n");
        for (PacedTenant tenant : tenants) {
            for (int i = 0; i < tenant.guests(); i++) {
                yaml.append("  - id: ").append(tenant.guestId(i)).append("\n    tenantId: ").append(tenant.tenantId())
                        .append("\n    displayName: Guest ").append(i)
                        .append("\n    userPrincipalName: g").append(i).append("_partner.example#EXT#@").append(tenant.letter())
                        .append("host.onmicrosoft.com")
                        .append("\n    mail: g").append(i).append("@").append(tenant.letter()).append("-old.example")
                        .append("\n    userType: Guest\n    creationType: Invitation\n    externalUserState: Accepted")
                        .append("\n    externalUserStateChangeDateTime: 2025-02-01T00:00:00Z\n");
            }
        }
        return Seed.parse(yaml.toString());
    }
}
