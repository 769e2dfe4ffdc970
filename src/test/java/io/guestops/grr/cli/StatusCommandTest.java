package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `status` against a kubeconfig: the table `dev` prints, filtered by namespace and condition, and --watch. */
class StatusCommandTest {

    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withOperator(Seeds::examples,
            OperatorSettings.builder().settleWindow(Duration.ofSeconds(2)).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build());

    private static Path kubeconfig;

    @TempDir
    static Path state;

    @BeforeAll
    static void twoExamplesSettled() throws IOException {
        kubeconfig = DEV.writeKubeconfig(state.resolve("kubeconfig"));
        DEV.createExample("01-new-email-and-identity-provider.yaml");
        DEV.createExample("05-member-is-refused.yaml");
        await().atMost(Duration.ofSeconds(60)).until(() -> DEV.client().resources(GuestRedemptionReset.class)
                .inNamespace("default").list().getItems().stream().filter(GuestRedemptionReset::hasSettled).count() == 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "every resource     | ''                      | alex-new-identity-provider,frank-is-a-member | ''",
            "only Stalled       | --condition=Stalled     | frank-is-a-member                            | alex-new-identity-provider",
            "only Ready         | --condition=Ready       | alex-new-identity-provider                   | frank-is-a-member",
            "another namespace  | --namespace=elsewhere   | No GuestRedemptionResets found.              | alex-new-identity-provider",
    })
    void theTableShowsTheResourcesAsked(String title, String filter, String shown, String hidden) {
        CliRun run = filter.isEmpty() ? CliRun.of("status", "--kubeconfig", kubeconfig.toString())
                : CliRun.of("status", "--kubeconfig", kubeconfig.toString(), filter);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains(shown.split(","));
        if (!hidden.isEmpty()) {
            assertThat(run.stdout()).doesNotContain(hidden);
        }
    }

    @Test
    void rowsCarryConditionsReasonAndResetTime() {
        CliRun run = CliRun.of("status", "--kubeconfig", kubeconfig.toString());
        assertThat(run.stdout().lines().findFirst().orElseThrow())
                .contains("NAMESPACE", "NAME", "USER", "READY", "STALLED", "EMAIL SYNCED", "RESET", "CONFIRMED BY", "REASON");
        String frank = run.stdout().lines().filter(l -> l.contains("frank-is-a-member")).findFirst().orElseThrow();
        assertThat(frank).contains("default", "NotAGuest");
        String alex = run.stdout().lines().filter(l -> l.contains("alex-new-identity-provider")).findFirst().orElseThrow();
        assertThat(alex).containsPattern("True .*\\d{4}-\\d\\d-\\d\\dT").contains("GraphResponse");
    }

    @Test
    void anUnknownConditionIsAUsageError() {
        CliRun run = CliRun.of("status", "--kubeconfig", kubeconfig.toString(), "--condition", "Happy");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--condition: expected Ready, Stalled or Reconciling");
    }

    @Test
    void watchPrintsTheTableAgainWhenAResourceArrives() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CompletableFuture<CliRun> watching = CompletableFuture.supplyAsync(() -> CliRun.of(printed, "status", "--kubeconfig",
                kubeconfig.toString(), "--watch", "--timeout", "8s"));
        await().atMost(Duration.ofSeconds(8)).until(() -> printed.toString(StandardCharsets.UTF_8).contains("frank-is-a-member"));
        DEV.createExample("02-home-account-recreated.yaml");
        CliRun run = watching.get();
        assertThat(run.exitCode()).isZero();
        String[] tables = run.stdout().split("\n\n");
        assertThat(tables.length).isGreaterThan(1);
        assertThat(tables[0]).doesNotContain("bianca");
        assertThat(tables[tables.length - 1]).contains("bianca");
    }
}
