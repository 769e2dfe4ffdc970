package io.guestops.grr.graph.auth;

import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import reactor.netty.http.Http11SslContextSpec;

/**
 * Builds the Azure Identity credential of a connection. Every credential gets the configured
 * authority host, an HTTP client that trusts exactly what the connection trusts, and — for an
 * authority that is not Microsoft's — no instance discovery (which would call Microsoft's hosts).
 */
public final class TokenCredentials {

    private TokenCredentials() {}

    public static TokenCredential create(GraphConnection connection, TlsTrust trust) {
        HttpClient httpClient = httpClient(connection, trust);
        GraphCredential credential = connection.credential();
        if (credential instanceof GraphCredential.ClientSecret secret) {
            return configure(new ClientSecretCredentialBuilder().clientSecret(secret.secret()), connection, httpClient)
                    .build();
        }
        if (credential instanceof GraphCredential.ClientCertificate certificate) {
            return configure(new ClientCertificateCredentialBuilder()
                    .pemCertificate(new ByteArrayInputStream(pemOf(certificate))), connection, httpClient).build();
        }
        if (credential instanceof GraphCredential.WorkloadIdentity workload) {
            WorkloadIdentityCredentialBuilder builder = configure(new WorkloadIdentityCredentialBuilder(), connection, httpClient);
            if (workload.tokenFile() != null) {
                builder.tokenFilePath(workload.tokenFile().toString());
            }
            return builder.build();
        }
        return defaultChain(connection, httpClient);
    }

    private static <B extends AadCredentialBuilderBase<B>> B configure(B builder, GraphConnection connection, HttpClient httpClient) {
        if (connection.tenantId() != null) {
            builder.tenantId(connection.tenantId());
        }
        if (connection.clientId() != null) {
            builder.clientId(connection.clientId());
        }
        builder.authorityHost(connection.authorityHost().toString()).httpClient(httpClient);
        if (connection.isPrivateAuthority()) {
            builder.disableInstanceDiscovery();
        }
        return builder;
    }

    private static TokenCredential defaultChain(GraphConnection connection, HttpClient httpClient) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .authorityHost(connection.authorityHost().toString())
                .httpClient(httpClient);
        if (connection.tenantId() != null) {
            builder.tenantId(connection.tenantId());
        }
        if (connection.clientId() != null) {
            builder.workloadIdentityClientId(connection.clientId()).managedIdentityClientId(connection.clientId());
        }
        if (connection.isPrivateAuthority()) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    /** azure-core's Netty client (Azure Identity's default transport), told whom to trust. */
    private static HttpClient httpClient(GraphConnection connection, TlsTrust trust) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create();
        if (trust != null) {
            Http11SslContextSpec tls = Http11SslContextSpec.forClient()
                    .configure(builder -> builder.trustManager(trust.trustManager()));
            netty = netty.secure(spec -> spec.sslContext(tls));
        }
        return new NettyAsyncHttpClientBuilder(netty)
                .connectTimeout(connection.connectTimeout())
                .responseTimeout(connection.requestTimeout())
                .readTimeout(connection.requestTimeout())
                .build();
    }

    private static byte[] pemOf(GraphCredential.ClientCertificate certificate) {
        if (certificate.pemFile() == null) {
            return certificate.pem();
        }
        try {
            byte[] pem = Files.readAllBytes(certificate.pemFile());
            GraphCredential.ClientCertificate.requirePemParts(pem, "client certificate " + certificate.pemFile());
            return pem;
        } catch (IOException e) {
            throw new IllegalArgumentException("client certificate " + certificate.pemFile() + ": cannot read: " + e.getMessage(), e);
        }
    }
}
