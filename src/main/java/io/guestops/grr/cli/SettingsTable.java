package io.guestops.grr.cli;

import io.guestops.grr.cli.SettingRow.Group;
import io.guestops.grr.cli.SettingRow.Reading;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.kube.OperatorSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every option of `run`, once: `run --help` ({@link SettingsHelp}), the parsing into
 * {@link OperatorSettings} ({@link #settings}) and the table in docs/configuration.md
 * ({@link SettingsMarkdown}, checked by SettingsTableTest) all come from {@link #ROWS}. A new setting
 * is one row; its default is read from {@link OperatorSettings#defaults()} where the settings hold it.
 */
final class SettingsTable {

    private static final OperatorSettings DEFAULTS = OperatorSettings.defaults();

    static final String DEFAULT_LEASE_NAME = "guest-redemption-operator";
    static final int DEFAULT_HEALTH_PORT = 8080;

    /** The environment's way to say --no-policies (for a Deployment that sets env, not args). */
    static final String NO_POLICIES_ENV = "GRR_NO_POLICIES";

    static final SettingRow KUBECONFIG = row(Group.SCOPE, "kubeconfig", "FILE", "KUBECONFIG", "in-cluster or `~/.kube/config`",
            "the cluster to use", "", Reading.ELSEWHERE);
    static final SettingRow LEASE_NAME = row(Group.LEADER_ELECTION, "lease-name", "NAME", "LEASE_NAME", "`" + DEFAULT_LEASE_NAME + "`",
            "the Lease for leader election; required with --shard-selector or --namespaces",
            "Each shard needs its own Lease; see [Sharding](operations/sharding.md).", Reading.ELSEWHERE);
    static final SettingRow IDENTITY = row(Group.LEADER_ELECTION, "identity", "NAME", "POD_NAME", "the host name",
            "this replica's name in the Lease", "", Reading.ELSEWHERE);
    static final SettingRow HEALTH_PORT = row(Group.PROCESS, "health-port", "N", null, "`" + DEFAULT_HEALTH_PORT + "`",
            "/healthz, /readyz and /metrics; 0 picks a free port",
            "`/healthz` (alive), `/readyz` (informers healthy) and `/metrics` (see [Metrics](operations/README.md#metrics)).",
            Reading.ELSEWHERE);
    static final SettingRow GRAPH_WRITES = row(Group.GRAPH_LIMITS, "graph-writes-per-150s", "N", null,
            "`" + BudgetLimits.GRAPH_DEFAULTS.writesPer150s() + "`",
            "Graph's write limit per application and tenant, which the operator paces to", "", Reading.ELSEWHERE);
    static final SettingRow GRAPH_RESOURCE_UNITS = row(Group.GRAPH_LIMITS, "graph-ru-per-10s", "N", null,
            "`" + BudgetLimits.GRAPH_DEFAULTS.ruPer10s() + "`",
            "Graph's resource-unit limit per application and tenant (3,500 / 5,000 / 8,000 for tenants of <50 / 50-500 / >500 users)",
            "The operator cannot know the tenant's size, so the smallest by default.", Reading.ELSEWHERE);

    static final List<SettingRow> ROWS = List.of(
            KUBECONFIG,
            row(Group.SCOPE, "namespaces", "A,B", "WATCH_NAMESPACES", "all", "namespaces to watch: a namespace shard",
                    "See [Sharding](operations/sharding.md).",
                    (self, args, settings) -> settings.namespaces(namespaces(self.value(args, "")))),
            row(Group.SCOPE, "shard-selector", "SELECTOR", "SHARD_SELECTOR", "every resource",
                    "reconcile only the GuestRedemptionResets this label selector selects (`guestops.io/shard=a`, "
                            + "`shard in (a,b)`, `!shard`); one Deployment per shard, each with its own --lease-name",
                    "A selector the API server refuses is an error naming the flag, before anything starts. "
                            + "See [Sharding](operations/sharding.md).",
                    (self, args, settings) -> settings.shardSelector(self.value(args, null))),

            // The Graph connection's rows are GraphOptions': `plan`, `import` and `dev` take them too.
            GraphOptions.TENANT_ID, GraphOptions.CLIENT_ID, GraphOptions.CLIENT_SECRET, GraphOptions.CLIENT_CERTIFICATE,
            GraphOptions.FEDERATED_TOKEN_FILE, GraphOptions.GRAPH_ENDPOINT, GraphOptions.AUTHORITY_HOST, GraphOptions.TRUST_CERT,
            row(Group.GRAPH_CONNECTION, "no-default-tenant", null, null, "", "every resource must name its `connection`", "",
                    Reading.ELSEWHERE),

            row(Group.SAFETY, "no-policies", null, NO_POLICIES_ENV, "policies on",
                    "act without GuestRedemptionPolicies: every resource may reset any guest; only for single-team clusters",
                    "See [policies](policies.md). Logged as a WARN at start.",
                    (self, args, settings) -> settings.policies(policiesEnforced(args, System.getenv(self.environment())))),
            row(Group.SAFETY, "entra-ledger-copy", null, "ENTRA_LEDGER_COPY", "off",
                    "also note each reset request on the guest in Entra ID: a rebuilt cluster, or a second cluster on the "
                            + "same tenant, then resets nobody again; one more Graph write per reset",
                    "An open extension on the guest. See [Guarantees](concepts.md#guarantees).",
                    (self, args, settings) -> settings.entraLedgerCopy(args.flag(self.flag())
                            || "true".equalsIgnoreCase(System.getenv(self.environment())))),

            // Rows are read in order: the Lease is made once the shard (above) and its name, namespace
            // and identity are known; a row that tunes the Lease goes after it.
            LEASE_NAME,
            row(Group.LEADER_ELECTION, "lease-namespace", "NS", "POD_NAMESPACE", "`" + OperatorSettings.DEFAULT_CLAIM_NAMESPACE + "`",
                    "the Lease's namespace, which also holds the guests' claims (with or without leader election)",
                    "Every shard of a cluster must use the same one.",
                    (self, args, settings) -> settings.operatorNamespace(self.value(args, OperatorSettings.DEFAULT_CLAIM_NAMESPACE))),
            IDENTITY,
            row(Group.LEADER_ELECTION, "no-leader-election", null, null, "leader election on",
                    "act without holding the Lease (one replica only!)", "",
                    (self, args, settings) -> settings.leaderElection(args.flag(self.flag()) ? null
                            : leaderElection(args, settings.build()))),

            duration("settle-window", OperatorSettings::settleWindow, OperatorSettings.Builder::settleWindow,
                    "how long after an unanswered reset Graph is trusted to show its effect, before it is sent again",
                    "Longer than the Graph request timeout. See [Guarantees](concepts.md#guarantees)."),
            duration("resync", OperatorSettings::resync, OperatorSettings.Builder::resync,
                    "how often a settled resource is looked at again; it reads Graph then only when the drift watch cannot "
                            + "vouch for its guest", "The drift watch cannot vouch when it is off or unhealthy."),
            duration("drift-poll", OperatorSettings::driftPoll, OperatorSettings.Builder::driftPoll,
                    "how often each tenant's Graph delta query is followed to find drift of settled guests; `0s` turns the "
                            + "watch off", "Drift of `mail`/`otherMails` is repaired; with the watch off, settled resources "
                            + "are re-read at `--resync`."),

            row(Group.GRAPH_LIMITS, "threads", "N", null, "`" + DEFAULTS.threads() + "`",
                    "reconcile threads; how many passes are in Graph at once is adapted per tenant, below this",
                    "See [Pacing](#pacing).",
                    (self, args, settings) -> settings.threads(args.intValue(self.flag(), DEFAULTS.threads(), 1, 200))),
            GRAPH_WRITES,
            GRAPH_RESOURCE_UNITS,

            HEALTH_PORT,
            row(Group.PROCESS, LogFormat.OPTION, "text|json", null, "`text`",
                    "log lines for people, or one JSON object per line", "", Reading.ELSEWHERE),
            row(Group.PROCESS, "debug", null, null, "off", "with a failed start, also print the stack trace", "",
                    Reading.ELSEWHERE));

    private SettingsTable() {
    }

    /** The options that take a value, for {@link Arguments#parse}. */
    static Set<String> valued() {
        return ROWS.stream().filter(row -> row.flag() != null && !row.isSwitch()).map(SettingRow::flag).collect(Collectors.toSet());
    }

    /** The options that take none. */
    static Set<String> switches() {
        return ROWS.stream().filter(SettingRow::isSwitch).map(SettingRow::flag).collect(Collectors.toSet());
    }

    /** The operator's settings from `run`'s options and environment. */
    static OperatorSettings settings(Arguments args) {
        OperatorSettings.Builder builder = OperatorSettings.builder();
        ROWS.forEach(row -> row.reading().read(row, args, builder));
        return builder.build();
    }

    /** The Lease of this replica, from the options read so far (the shard, the Lease's namespace). */
    private static OperatorSettings.LeaderElection leaderElection(Arguments args, OperatorSettings readSoFar) {
        return OperatorSettings.LeaderElection.of(leaseName(args, readSoFar), readSoFar.operatorNamespace(),
                IDENTITY.value(args, System.getenv().getOrDefault("HOSTNAME", "operator")));
    }

    /**
     * Each shard needs a Lease of its own, or the shards' leaders would take turns instead of running
     * side by side. A sharded operator must name it: a name derived from the selector would change
     * with any edit of the selector's text, and during the rollout of that edit old and new pods would
     * then hold two different Leases and both act on the same resources.
     */
    static String leaseName(Arguments args, OperatorSettings settings) {
        String named = LEASE_NAME.value(args, null);
        if (named != null) {
            return named;
        }
        if (settings.shardSelector() != null || !settings.namespaces().isEmpty()) {
            throw new Arguments.UsageError("--lease-name (or LEASE_NAME) is required with "
                    + (settings.shardSelector() != null ? "--shard-selector" : "--namespaces")
                    + ": every shard needs a Lease of its own (for example guest-redemption-operator-shard-a), named "
                    + "explicitly so that it stays the same when the selector is edited");
        }
        return DEFAULT_LEASE_NAME;
    }

    /** Secure by default: policies are on unless --no-policies or GRR_NO_POLICIES=true|1 says otherwise. */
    static boolean policiesEnforced(Arguments args, String environmentValue) {
        if (args.flag("no-policies")) {
            return false;
        }
        if (environmentValue == null || environmentValue.isBlank()) {
            return true;
        }
        String value = environmentValue.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("1")) {
            return false;
        }
        if (value.equals("false") || value.equals("0")) {
            return true;
        }
        throw new Arguments.UsageError(NO_POLICIES_ENV + ": expected true or false, got '" + environmentValue + "'");
    }

    private static Set<String> namespaces(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static SettingRow row(Group group, String flag, String argument, String environment, String byDefault, String summary,
                                  String details, Reading reading) {
        return new SettingRow(group, flag, argument, environment, byDefault, summary, details, reading);
    }

    /** A timing: its default is the settings' own, shown as `run` would take it (2m, 30m, 0s). */
    private static SettingRow duration(String flag, Function<OperatorSettings, Duration> current,
                                       BiConsumer<OperatorSettings.Builder, Duration> set, String summary, String details) {
        Duration byDefault = current.apply(DEFAULTS);
        return row(Group.TIMINGS, flag, "DURATION", null, "`" + shortDuration(byDefault) + "`", summary, details,
                (self, args, settings) -> set.accept(settings, args.duration(self.flag(), byDefault)));
    }

    static String shortDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (duration.toMillisPart() != 0) {
            return duration.toMillis() + "ms";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
