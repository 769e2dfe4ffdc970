package io.guestops.grr.cli;

import io.guestops.grr.graph.gateway.GraphConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's default tenant connection from options and the environment Azure tools use.
 * A client secret is read only from AZURE_CLIENT_SECRET: on a command line it would show in `ps`.
 */
final class GraphOptions {

    // Rows of `run`'s SettingsTable (and `run --help`, docs/configuration.md); every command that
    // connects to Graph reads them the same way. Built here, not with SettingsTable's helpers, so
    // that neither class needs the other initialised first.
    static final SettingRow TENANT_ID = connection("tenant-id", "ID", "AZURE_TENANT_ID", "", "the default tenant", "");
    static final SettingRow CLIENT_ID = connection("client-id", "ID", "AZURE_CLIENT_ID", "", "the default tenant's application", "");
    static final SettingRow CLIENT_SECRET = connection(null, null, "AZURE_CLIENT_SECRET", "",
            "client secret; only from the environment, never an option (it would show in `ps`)", "");
    static final SettingRow CLIENT_CERTIFICATE = connection("client-certificate", "PEM", "AZURE_CLIENT_CERTIFICATE_PATH", "",
            "certificate and unencrypted key, when there is no client secret", "");
    static final SettingRow FEDERATED_TOKEN_FILE = connection(null, null, "AZURE_FEDERATED_TOKEN_FILE", "",
            "workload identity, when there is neither secret nor certificate; without it, Azure's default chain",
            "The Azure Workload Identity webhook sets it.");
    static final SettingRow GRAPH_ENDPOINT = connection("graph-endpoint", "URL", "GRAPH_ENDPOINT", "`" + GraphConnection.PUBLIC_GRAPH + "`",
            "the Graph root", "National clouds: `https://graph.microsoft.us`, `https://microsoftgraph.chinacloudapi.cn`, ...");
    static final SettingRow AUTHORITY_HOST = connection("authority-host", "URL", "AZURE_AUTHORITY_HOST",
            "`" + GraphConnection.PUBLIC_AUTHORITY + "`", "the token authority; must be https", "");
    static final SettingRow TRUST_CERT = connection("trust-cert", "PEM", "GRAPH_TRUST_CERT", "",
            "an extra certificate trusted by the Graph and token clients only, never by the JVM", "");

    static final Set<String> VALUED = Stream.of(TENANT_ID, CLIENT_ID, CLIENT_CERTIFICATE, GRAPH_ENDPOINT, AUTHORITY_HOST, TRUST_CERT)
            .map(SettingRow::flag).collect(Collectors.toUnmodifiableSet());

    private GraphOptions() {
    }

    /** True when the options or the environment name a tenant at all. */
    static boolean present(Arguments args) {
        return TENANT_ID.value(args, null) != null || CLIENT_ID.value(args, null) != null;
    }

    static GraphConnection connection(Arguments args) {
        GraphConnection.Builder builder = GraphConnection.builder()
                .graphEndpoint(GRAPH_ENDPOINT.value(args, GraphConnection.PUBLIC_GRAPH.toString()))
                .authorityHost(AUTHORITY_HOST.value(args, GraphConnection.PUBLIC_AUTHORITY.toString()))
                .tenantId(TENANT_ID.value(args, null))
                .clientId(CLIENT_ID.value(args, null));
        String secret = System.getenv(CLIENT_SECRET.environment());
        String certificate = CLIENT_CERTIFICATE.value(args, null);
        String tokenFile = System.getenv(FEDERATED_TOKEN_FILE.environment());
        if (secret != null && !secret.isBlank()) {
            builder.clientSecret(secret);
        } else if (certificate != null) {
            builder.clientCertificatePemFile(existing(certificate, "--" + CLIENT_CERTIFICATE.flag()));
        } else if (tokenFile != null && !tokenFile.isBlank()) {
            builder.workloadIdentity(existing(tokenFile, FEDERATED_TOKEN_FILE.environment()));
        } else {
            builder.defaultChain();
        }
        String trust = TRUST_CERT.value(args, null);
        if (trust != null) {
            builder.trustCertificatesPem(existing(trust, "--" + TRUST_CERT.flag()));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("Graph connection: " + e.getMessage());
        }
    }

    private static SettingRow connection(String flag, String argument, String environment, String byDefault, String summary,
                                         String details) {
        return new SettingRow(SettingRow.Group.GRAPH_CONNECTION, flag, argument, environment, byDefault, summary, details,
                SettingRow.Reading.ELSEWHERE);
    }

    private static Path existing(String file, String option) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new Arguments.UsageError(option + ": cannot read " + file);
        }
        return path;
    }
}
