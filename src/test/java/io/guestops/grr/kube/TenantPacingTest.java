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

    private static final String TENANT_A = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final String TENANT_B = "bbbbbbbb-0000-4000-8000-00000000000b";
    private static final String APP_A = "aaaaaaaa-1111-4000-8000-00000000000a";
    private static final String APP_B = "bbbbbbbb-1111-4000-8000-00000000000b";
    private static final String SECRET = "emulator-only-secret";
    /** Per application and tenant: A's twelve resources need 24 writes, B's two need 4. */
    private static final int WRITES_PER_150S = 6;
    private static final int A_GUESTS = 12;
    private static final int B_GUESTS = 2;

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperator(TenantPacingTest::seed, OperatorTimings.endToEnd().toBuilder().threads(2).build())
                    .emulatorOptions(options -> options.throttling(ThrottleLimits.graphDefaults().withWritesPer150s(WRITES_PER_150S)));

    @Test
    void aTenantThatSpentItsBudgetWaitsWithoutSlowingAnother() {
        KubernetesClient client = FIXTURE.client();
        IntStream.range(0, A_GUESTS).forEach(i -> create(client, resource("a-" + i, new GuestReference(guestId('a', i), null),
                "new-" + i + "@a.example")));
        await().atMost(Duration.ofSeconds(60)).until(() -> writesOf(APP_A).size() == WRITES_PER_150S
                && waitingForBudget("a-", A_GUESTS).size() >= A_GUESTS - WRITES_PER_150S);

        client.resource(new SecretBuilder().withNewMetadata().withName("tenant-b").withNamespace(NAMESPACE)
                .addToLabels("guestops.io/connection", "true").endMetadata()
                .addToData("tenantId", base64(TENANT_B)).addToData("clientId", base64(APP_B)).addToData("clientSecret", base64(SECRET))
                .build()).create();
        IntStream.range(0, B_GUESTS).forEach(i -> create(client, onTenantB(resource("b-" + i,
                new GuestReference(guestId('b', i), null), "new-" + i + "@b.example"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, B_GUESTS).allMatch(i -> isTrue(get(client, "b-" + i), "Ready")));
        assertThat(writesOf(APP_B)).hasSize(2 * B_GUESTS);
        List<String> aReady = IntStream.range(0, A_GUESTS).mapToObj(i -> "a-" + i).filter(name -> isTrue(get(client, name), "Ready")).toList();
        assertThat(aReady).as("A is held to its budget").hasSizeLessThanOrEqualTo(WRITES_PER_150S / 2);
        assertThat(writesOf(APP_A)).hasSize(WRITES_PER_150S);
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

    private static String guestId(char tenant, int i) {
        return String.format("%c%c%c%c%c%c%c%c-2222-4000-8000-%012d", tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant, i);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Two tenants, each with the operator's application (A's first: the operator's default connection) and guests. */
    private static Seed seed() {
        StringBuilder yaml = new StringBuilder("tenants:\n");
        for (String[] tenant : new String[][] {{TENANT_A, "a"}, {TENANT_B, "b"}}) {
            yaml.append("  - id: ").append(tenant[0]).append("\n    defaultDomain: ").append(tenant[1]).append("host.onmicrosoft.com\n");
        }
        yaml.append("applications:\n");
        for (String[] app : new String[][] {{APP_A, TENANT_A}, {APP_B, TENANT_B}}) {
            yaml.append("  - clientId: ").append(app[0]).append("\n    tenantId: ").append(app[1])
                    .append("\n    secrets: [").append(SECRET).append("]\n    applicationPermissions: [User.ReadWrite.All, RoleManagement.Read.Directory]\n");
        }
        yaml.append("users:\n");
        guests(yaml, 'a', TENANT_A, A_GUESTS);
        guests(yaml, 'b', TENANT_B, B_GUESTS);
        return Seed.parse(yaml.toString());
    }

    private static void guests(StringBuilder yaml, char tenant, String tenantId, int count) {
        for (int i = 0; i < count; i++) {
            yaml.append("  - id: ").append(guestId(tenant, i)).append("\n    tenantId: ").append(tenantId)
                    .append("\n    displayName: Guest ").append(i)
                    .append("\n    userPrincipalName: g").append(i).append("_partner.example#EXT#@").append(tenant).append("host.onmicrosoft.com")
                    .append("\n    mail: g").append(i).append("@").append(tenant).append("-old.example")
                    .append("\n    userType: Guest\n    creationType: Invitation\n    externalUserState: Accepted")
                    .append("\n    externalUserStateChangeDateTime: 2025-02-01T00:00:00Z\n");
        }
    }
}
