package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.kube.OperatorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * `run --help`, `run`'s parsing and docs/configuration.md all come from {@link SettingsTable}; these
 * tests hold them to it, and hold the options and environment variables users depend on to their names.
 */
class SettingsTableTest {

    private static final Path CONFIGURATION = Path.of("docs/configuration.md");

    /** Set this system property to rewrite the docs' table instead of failing on a difference. */
    private static final String REFRESH = "refreshSettingsTable";

    @Test
    void theDocsFlagTableIsTheOneTheCodeMakes() throws IOException {
        String file = Files.readString(CONFIGURATION, StandardCharsets.UTF_8);
        int begin = file.indexOf(SettingsMarkdown.BEGIN);
        int end = file.indexOf(SettingsMarkdown.END);
        assertThat(begin).as("%s must hold the markers %s and %s", CONFIGURATION, SettingsMarkdown.BEGIN, SettingsMarkdown.END)
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated = "\n\n" + SettingsMarkdown.tables(SettingsTable.ROWS) + "\n";
        String documented = file.substring(begin + SettingsMarkdown.BEGIN.length(), end);
        if (Boolean.getBoolean(REFRESH)) {
            Files.writeString(CONFIGURATION, file.substring(0, begin + SettingsMarkdown.BEGIN.length()) + generated + file.substring(end),
                    StandardCharsets.UTF_8);
            documented = generated;
        }
        assertThat(documented).as("the flag table of %s differs from cli/SettingsTable; refresh it with\n"
                + "  mvn -B -o test -Dtest=SettingsTableTest -D%s=true\nand commit the file", CONFIGURATION, REFRESH)
                .isEqualTo(generated);
    }

    @Test
    void runHelpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
        CliRun help = CliRun.of("run", "--help");

        assertThat(help.exitCode()).isZero();
        for (SettingRow row : SettingsTable.ROWS) {
            String listed = help.stdout().lines().filter(line -> line.contains(row.flag() == null ? "env " + row.environment()
                    : "  " + row.usage() + " ")).findFirst().orElse("");
            assertThat(listed).as("run --help lists %s", row.flag() == null ? row.environment() : row.usage()).isNotEmpty();
        }
        assertThat(help.stdout()).contains("--settle-window DURATION").contains("(default 2m)").contains("(default 30m)")
                .contains("env WATCH_NAMESPACES; default all").contains("env GRR_NO_POLICIES=true; default policies on")
                .doesNotContain("`").doesNotContain("](");
    }

    /** Every option the help lists is one `run` accepts: a misspelt row would be an "unknown option". */
    @Test
    void everyListedOptionIsAccepted() {
        for (SettingRow row : SettingsTable.ROWS.stream().filter(row -> row.flag() != null).toList()) {
            String[] argv = row.isSwitch() ? new String[] {"--" + row.flag()} : new String[] {"--" + row.flag(), "x"};
            Arguments parsed = Arguments.parse(argv, SettingsTable.valued(), SettingsTable.switches());
            assertThat(row.isSwitch() ? parsed.flag(row.flag()) : parsed.value(row.flag(), null) != null).isTrue();
        }
    }

    /** Deployments and scripts use these names: renaming one breaks them, so it must be a decision, not an edit. */
    @Test
    void theOptionAndEnvironmentNamesUsersDependOnStayTheSame() {
        assertThat(SettingsTable.valued()).containsExactlyInAnyOrder("kubeconfig", "namespaces", "shard-selector", "tenant-id",
                "client-id", "client-certificate", "graph-endpoint", "authority-host", "trust-cert", "lease-name", "lease-namespace",
                "identity", "settle-window", "resync", "drift-poll", "threads", "graph-writes-per-150s", "graph-ru-per-10s",
                "health-port", "log-format");
        assertThat(SettingsTable.switches()).containsExactlyInAnyOrder("no-default-tenant", "no-policies", "entra-ledger-copy",
                "no-leader-election", "debug");
        assertThat(SettingsTable.ROWS.stream().map(SettingRow::environment).filter(Objects::nonNull))
                .containsExactlyInAnyOrder("KUBECONFIG", "WATCH_NAMESPACES", "SHARD_SELECTOR", "AZURE_TENANT_ID", "AZURE_CLIENT_ID",
                        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "GRAPH_ENDPOINT",
                        "AZURE_AUTHORITY_HOST", "GRAPH_TRUST_CERT", "GRR_NO_POLICIES", "ENTRA_LEDGER_COPY", "LEASE_NAME",
                        "POD_NAMESPACE", "POD_NAME");
    }

    @Test
    void withoutOptionsRunUsesTheDocumentedDefaultsWithPoliciesOnAndTheDefaultLease() {
        OperatorSettings settings = SettingsTable.settings(parse());

        assertThat(settings.settleWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.resync()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.driftPoll()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.threads()).isEqualTo(32);
        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.shardSelector()).isNull();
        assertThat(settings.policies()).isTrue();
        assertThat(settings.entraLedgerCopy()).isFalse();
        assertThat(settings.claimNamespace()).isEqualTo("default");
        assertThat(settings.leaderElection().leaseName()).isEqualTo("guest-redemption-operator");
        // What `run` does not expose keeps the settings' own default.
        assertThat(settings.backoffInitial()).isEqualTo(OperatorSettings.defaults().backoffInitial());
        assertThat(settings.backoffMax()).isEqualTo(OperatorSettings.defaults().backoffMax());
    }

    @Test
    void eachOptionLandsInTheSettingItNames() {
        OperatorSettings settings = SettingsTable.settings(parse("--settle-window", "3m", "--resync", "PT10M", "--drift-poll", "0s",
                "--threads", "8", "--entra-ledger-copy", "--no-policies", "--namespaces", "team-a, team-b",
                "--shard-selector", " guestops.io/shard=a ", "--lease-name", "grr-a", "--lease-namespace", "grr-system",
                "--identity", "pod-1"));

        assertThat(settings.settleWindow()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.resync()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.driftPoll()).isZero();
        assertThat(settings.threads()).isEqualTo(8);
        assertThat(settings.entraLedgerCopy()).isTrue();
        assertThat(settings.policies()).isFalse();
        assertThat(settings.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(settings.shardSelector()).isEqualTo("guestops.io/shard=a");
        assertThat(settings.leaderElection()).isEqualTo(OperatorSettings.LeaderElection.of("grr-a", "grr-system", "pod-1"));
    }

    @Test
    void theDocumentedDefaultsAreTheSettingsOwn() {
        assertThat(List.of("`2m`", "`30m`", "`5m`", "`32`", "`3000`", "`3500`", "`8080`", "`guest-redemption-operator`", "`default`"))
                .allSatisfy(value -> assertThat(SettingsTable.ROWS.stream().map(SettingRow::byDefault)).contains(value));
        assertThat(SettingsTable.shortDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(SettingsTable.shortDuration(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(SettingsTable.shortDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    private static Arguments parse(String... argv) {
        return Arguments.parse(argv, SettingsTable.valued(), SettingsTable.switches());
    }
}
