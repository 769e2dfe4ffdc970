package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.testkit.KubectlFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `run`'s shard options: a shard is a label selector ({@code --shard-selector}) or a namespace set
 * ({@code --namespaces}); each shard must name its own Lease, and a selector the API server would
 * refuse is the flag's error before anything starts.
 */
class ShardOptionsTest {

    /** The embedded Kubernetes only: started once for the class, for the tests that need an API server. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    private static final Set<String> VALUED = Set.of("namespaces", "shard-selector", "lease-name", "lease-namespace", "identity");

    /** A shard without its own Lease name is refused, naming the flag; an unsharded operator keeps the default Lease. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--identity a                                                   | Lease guest-redemption-operator",
            "--shard-selector guestops.io/shard=a --lease-name grr-shard-a  | Lease grr-shard-a",
            "--namespaces team-a,team-b --lease-name grr-teams              | Lease grr-teams",
            "--shard-selector guestops.io/shard=a                           | error --lease-name (or LEASE_NAME) is required with --shard-selector",
            "--namespaces team-a,team-b                                     | error --lease-name (or LEASE_NAME) is required with --namespaces",
            "--shard-selector guestops.io/shard=a --no-leader-election      | no leader election"})
    void eachShardNamesItsOwnLease(String argv, String expected) {
        Arguments args = Arguments.parse(argv.trim().split("\\s+"), VALUED, Set.of("no-leader-election"));
        if (expected.startsWith("error ")) {
            assertThatThrownBy(() -> RunCommand.settings(args)).isInstanceOf(Arguments.UsageError.class)
                    .hasMessageContaining(expected.substring("error ".length()))
                    .hasMessageContaining("every shard needs a Lease of its own");
            return;
        }
        OperatorSettings settings = RunCommand.settings(args);
        String lease = settings.leaderElection() == null ? "no leader election" : "Lease " + settings.leaderElection().leaseName();
        assertThat(lease).isEqualTo(expected);
    }

    /** Every shard shares the guests' claims: they live in the operator's namespace, with or without leader election. */
    @ParameterizedTest(name = "{0} -> claims in {1}")
    @CsvSource(delimiter = '|', value = {
            "--identity a --lease-namespace grr-system          | grr-system",
            "--no-leader-election --lease-namespace grr-system  | grr-system"})
    void theGuestsClaimsLiveInTheOperatorsNamespace(String argv, String namespace) {
        Arguments args = Arguments.parse(argv.trim().split("\\s+"), VALUED, Set.of("no-leader-election"));
        assertThat(RunCommand.settings(args).claimNamespace()).isEqualTo(namespace);
    }

    /** What the start line says this operator reconciles. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--identity a                                         | shard: every resource in every namespace",
            "--shard-selector 'shard in (a,b)' --lease-name l     | shard: resources selected by 'shard in (a,b)' in every namespace",
            "--namespaces team-b,team-a --lease-name l            | shard: every resource in namespaces team-a,team-b"})
    void theStartLineNamesTheShard(String argv, String expected) {
        Arguments args = Arguments.parse(arguments(argv), VALUED, Set.of());
        assertThat(RunCommand.shardOf(RunCommand.settings(args))).isEqualTo(expected);
    }

    @Test
    void aSelectorTheApiServerRefusesIsTheFlagsErrorWithoutAStackTrace(@TempDir Path dir) {
        EmbeddedKubernetes kubernetes = KUBERNETES.kubernetes();
        Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig"));

        CliRun run = CliRun.of("run", "--kubeconfig", kubeconfig.toString(), "--no-default-tenant", "--health-port", "0",
                "--shard-selector", "guestops.io/shard in (a", "--lease-name", "grr-shard-a");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("error: --shard-selector (or SHARD_SELECTOR): 'guestops.io/shard in (a' is not a "
                + "label selector the API server accepts: unable to parse requirement");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Splits on spaces outside single quotes, as a shell would. */
    private static String[] arguments(String argv) {
        return java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(argv.trim()).results()
                .map(m -> m.group(1) != null ? m.group(1) : m.group(2)).toArray(String[]::new);
    }
}
