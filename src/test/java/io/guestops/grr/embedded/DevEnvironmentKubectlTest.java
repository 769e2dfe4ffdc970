package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What `dev` offers a person with kubectl: the real kubectl against the embedded Kubernetes while
 * the operator works the examples on the Graph emulator.
 */
class DevEnvironmentKubectlTest {

    private static final String[] READY_EXAMPLES = {"grr/alex-new-identity-provider", "grr/bianca-home-account-recreated",
            "grr/chen-moved-company", "grr/supplier-contact-handover"};

    /** What `dev` runs: the examples' seed and one operator (its threads as `dev` has them). */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withOperator(Seeds::examples,
            OperatorSettings.builder().settleWindow(Duration.ofSeconds(2)).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build());

    @BeforeAll
    static void start() {
        Kubectl.Result applied = DEV.kubectl().run("apply", "-f", "examples/");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.stdout()).contains("guestredemptionreset.guestops.io/alex-new-identity-provider created");
    }

    @Test
    void waitReturnsOnceTheExamplesAreReadyAndTheMemberIsStalled() {
        String[] args = new String[READY_EXAMPLES.length + 3];
        args[0] = "wait";
        args[1] = "--for=condition=Ready";
        args[2] = "--timeout=60s";
        System.arraycopy(READY_EXAMPLES, 0, args, 3, READY_EXAMPLES.length);
        Kubectl.Result ready = DEV.kubectl().run(args);
        assertThat(ready.exitCode()).as(ready.all()).isZero();
        assertThat(ready.stdout()).contains("alex-new-identity-provider condition met", "chen-moved-company condition met");

        Kubectl.Result stalled = DEV.kubectl().run("wait", "--for=condition=Stalled", "--timeout=60s", "grr/frank-is-a-member");
        assertThat(stalled.exitCode()).as(stalled.all()).isZero();
        Kubectl.Result reason = DEV.kubectl().run("get", "grr", "frank-is-a-member", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Stalled\")].reason}");
        assertThat(reason.stdout().strip()).isEqualTo("NotAGuest");
    }

    @Test
    void getShowsThePrinterColumnsWithValues() {
        DEV.kubectl().run("wait", "--for=condition=Ready", "--timeout=60s", "grr/alex-new-identity-provider");
        Kubectl.Result get = DEV.kubectl().run("get", "grr");
        assertThat(get.exitCode()).as(get.all()).isZero();
        String header = get.stdout().lines().findFirst().orElseThrow();
        assertThat(header).contains("NAME", "USER", "EMAIL", "READY", "RESET", "AGE");
        assertThat(get.stdout()).containsPattern("alex-new-identity-provider\\s.*6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01");
        assertThat(get.stdout().lines().filter(l -> l.startsWith("alex-new-identity-provider")).findFirst().orElseThrow())
                .contains("alex.wilber@outlook.com", "True");

        Kubectl.Result wide = DEV.kubectl().run("get", "grr", "-o", "wide");
        assertThat(wide.stdout().lines().findFirst().orElseThrow()).contains("REASON");
    }

    @Test
    void describeShowsTheGraphWritesAsEvents() {
        DEV.kubectl().run("wait", "--for=condition=Ready", "--timeout=60s", "grr/chen-moved-company");
        Kubectl.Result described = DEV.kubectl().run("describe", "grr", "chen-moved-company");
        assertThat(described.exitCode()).as(described.all()).isZero();
        assertThat(described.stdout()).contains("Desired Email:", "chen.li@newco.example", "EmailsUpdated", "RedemptionReset")
                .doesNotContain("inviteRedeemUrl").doesNotContain("dev-only-emulator-secret");
    }
}
