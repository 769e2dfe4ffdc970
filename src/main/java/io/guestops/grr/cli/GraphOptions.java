package io.guestops.grr.cli;

import io.guestops.grr.graph.GraphConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The operator's default tenant connection from options and the environment Azure tools use.
 * A client secret is read only from AZURE_CLIENT_SECRET: on a command line it would show in `ps`.
 */
final class GraphOptions {

    static final Set<String> VALUED = Set.of("graph-endpoint", "authority-host", "tenant-id", "client-id",
            "client-certificate", "trust-cert");

    private GraphOptions() {
    }

    /** True when the options or the environment name a tenant at all. */
    static boolean present(Arguments args) {
        return args.value("tenant-id", "AZURE_TENANT_ID", null) != null
                || args.value("client-id", "AZURE_CLIENT_ID", null) != null;
    }

    static GraphConnection connection(Arguments args) {
        GraphConnection.Builder builder = GraphConnection.builder()
                .graphEndpoint(args.value("graph-endpoint", "GRAPH_ENDPOINT", GraphConnection.PUBLIC_GRAPH.toString()))
                .authorityHost(args.value("authority-host", "AZURE_AUTHORITY_HOST", GraphConnection.PUBLIC_AUTHORITY.toString()))
                .tenantId(args.value("tenant-id", "AZURE_TENANT_ID", null))
                .clientId(args.value("client-id", "AZURE_CLIENT_ID", null));
        String secret = System.getenv("AZURE_CLIENT_SECRET");
        String certificate = args.value("client-certificate", "AZURE_CLIENT_CERTIFICATE_PATH", null);
        String tokenFile = System.getenv("AZURE_FEDERATED_TOKEN_FILE");
        if (secret != null && !secret.isBlank()) {
            builder.clientSecret(secret);
        } else if (certificate != null) {
            builder.clientCertificatePemFile(existing(certificate, "--client-certificate"));
        } else if (tokenFile != null && !tokenFile.isBlank()) {
            builder.workloadIdentity(existing(tokenFile, "AZURE_FEDERATED_TOKEN_FILE"));
        } else {
            builder.defaultChain();
        }
        String trust = args.value("trust-cert", "GRAPH_TRUST_CERT", null);
        if (trust != null) {
            builder.trustCertificatesPem(existing(trust, "--trust-cert"));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("Graph connection: " + e.getMessage());
        }
    }

    private static Path existing(String file, String option) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new Arguments.UsageError(option + ": cannot read " + file);
        }
        return path;
    }
}
