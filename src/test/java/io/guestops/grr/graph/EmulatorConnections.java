package io.guestops.grr.graph;

import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.emulator.GraphEmulator;
import java.time.Duration;

/** Connections of the gateway contract tests to an emulator, as an application with a client secret. */
public final class EmulatorConnections {

    private EmulatorConnections() {}

    /** Short SDK retries keep retried paths fast: one retry, only when the wait is at most 2 s. */
    public static GraphConnection clientSecret(GraphEmulator emulator, String tenantId, String clientId, String secret) {
        return GraphConnection.builder()
                .graphEndpoint(emulator.graphEndpoint()).authorityHost(emulator.authorityHost())
                .tokenScope("https://graph.microsoft.com/.default").tenantId(tenantId).clientId(clientId).clientSecret(secret)
                .trustCertificate(emulator.trustedCertificate())
                .sdkRetries(new GraphConnection.SdkRetries(1, Duration.ofSeconds(2)))
                .build();
    }
}
