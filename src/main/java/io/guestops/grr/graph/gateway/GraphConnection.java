package io.guestops.grr.graph.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Graph and its token authority are, who the operator is, and whom to trust.
 *
 * @param graphEndpoint        Graph's root, e.g. https://graph.microsoft.com or https://graph.microsoft.us
 * @param authorityHost        Entra's token authority, e.g. https://login.microsoftonline.com (https only)
 * @param tenantId             directory (tenant) id; may be null only for workload identity / the default chain
 * @param clientId             application (client) id; may be null only for workload identity / the default chain
 * @param credential           how the application proves its identity
 * @param trustedCertificates  extra certificates trusted for TLS by the Graph and the token clients
 *                             (for a private endpoint such as the emulator); the JVM-wide trust
 *                             store is never changed
 * @param tokenScope           the scope of Graph tokens; defaults to {@code <graphEndpoint>/.default}. Set
 *                             it to {@code https://graph.microsoft.com/.default} when the endpoint is a
 *                             proxy or emulator standing in for global Graph
 * @param connectTimeout       TCP/TLS connect timeout of both clients
 * @param requestTimeout       time allowed for one HTTP exchange (Graph call or token request)
 * @param sdkRetries           how much the Graph SDK itself may retry reads and PATCHes
 */
public record GraphConnection(
        URI graphEndpoint,
        URI authorityHost,
        String tenantId,
        String clientId,
        GraphCredential credential,
        List<X509Certificate> trustedCertificates,
        String tokenScope,
        Duration connectTimeout,
        Duration requestTimeout,
        SdkRetries sdkRetries) {

    /** Time allowed for one HTTP exchange unless the builder sets another. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public static final URI PUBLIC_GRAPH = URI.create("https://graph.microsoft.com");
    public static final URI PUBLIC_AUTHORITY = URI.create("https://login.microsoftonline.com");

    /** Microsoft's own authority hosts: Azure Identity may run instance discovery against these. */
    private static final List<String> MICROSOFT_AUTHORITY_HOSTS = List.of(
            "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn", "login.microsoftonline.de");

    public GraphConnection {
        graphEndpoint = httpsRoot(graphEndpoint, "graphEndpoint");
        authorityHost = httpsRoot(authorityHost, "authorityHost");
        Objects.requireNonNull(credential, "credential");
        boolean appCredential = credential instanceof GraphCredential.ClientSecret
                || credential instanceof GraphCredential.ClientCertificate;
        if (appCredential && isBlank(tenantId)) {
            throw new IllegalArgumentException("tenantId: required for " + credential);
        }
        if (appCredential && isBlank(clientId)) {
            throw new IllegalArgumentException("clientId: required for " + credential);
        }
        trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
        tokenScope = isBlank(tokenScope) ? graphEndpoint + "/.default" : tokenScope.trim();
        if (!tokenScope.endsWith("/.default")) {
            throw new IllegalArgumentException("tokenScope: an application token scope ends with /.default, was " + tokenScope);
        }
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(10), "connectTimeout");
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
        sdkRetries = sdkRetries == null ? SdkRetries.DEFAULT : sdkRetries;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SDK's base URL: the endpoint with the API version. */
    public String baseUrl() {
        return graphEndpoint + "/v1.0";
    }

    /** True when the authority is not Microsoft's, so Azure Identity must skip instance discovery. */
    public boolean isPrivateAuthority() {
        return !MICROSOFT_AUTHORITY_HOSTS.contains(authorityHost.getHost().toLowerCase(Locale.ROOT));
    }

    /** Safe to log: names the endpoints, ids and credential kind, never secret or key material. */
    @Override
    public String toString() {
        return "GraphConnection[graphEndpoint=" + graphEndpoint + ", authorityHost=" + authorityHost
                + ", tenantId=" + tenantId + ", clientId=" + clientId + ", credential=" + credential
                + ", trustedCertificates=" + trustedCertificates.stream()
                        .map(c -> c.getSubjectX500Principal().getName()).toList()
                + ", tokenScope=" + tokenScope + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", sdkRetries=" + sdkRetries + "]";
    }

    /**
     * The Graph SDK's own retries of reads and PATCHes on 429/503/504. A retry happens only while
     * the wait Graph asks for (Retry-After) is at most {@code maxWait}: longer waits come back as
     * Throttled/Transient so the operator's own backoff, which does not hold a thread, is in charge.
     * The reset POST and a reset note's creation are never retried by the SDK, whatever this says.
     */
    public record SdkRetries(int maxRetries, Duration maxWait) {
        public static final SdkRetries DEFAULT = new SdkRetries(2, Duration.ofSeconds(5));
        public static final SdkRetries NONE = new SdkRetries(0, Duration.ZERO);

        public SdkRetries {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("sdkRetries.maxRetries: must be 0..10, was " + maxRetries);
            }
            Objects.requireNonNull(maxWait, "sdkRetries.maxWait");
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(180)) > 0) {
                throw new IllegalArgumentException("sdkRetries.maxWait: must be 0..180s, was " + maxWait);
            }
        }
    }

    /** Reads every certificate of a PEM file; the message names the file when it cannot. */
    public static List<X509Certificate> readCertificates(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("trusted certificate " + pemFile + ": no certificate in the file");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("trusted certificate " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static URI httpsRoot(URI uri, String field) {
        if (uri == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(field + ": must be an https URL with a host, was " + uri);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + ": must not have user info, query or fragment, was " + uri);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static Duration positive(Duration value, Duration fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + value);
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Builds a {@link GraphConnection}; unset fields take the public cloud defaults. */
    public static final class Builder {
        private URI graphEndpoint = PUBLIC_GRAPH;
        private URI authorityHost = PUBLIC_AUTHORITY;
        private String tenantId;
        private String clientId;
        private GraphCredential credential;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private String tokenScope;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private SdkRetries sdkRetries;

        private Builder() {}

        public Builder graphEndpoint(String url) {
            this.graphEndpoint = URI.create(url);
            return this;
        }

        public Builder graphEndpoint(URI url) {
            this.graphEndpoint = url;
            return this;
        }

        public Builder authorityHost(String url) {
            this.authorityHost = URI.create(url);
            return this;
        }

        public Builder authorityHost(URI url) {
            this.authorityHost = url;
            return this;
        }

        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder credential(GraphCredential credential) {
            this.credential = credential;
            return this;
        }

        public Builder clientSecret(String secret) {
            return credential(new GraphCredential.ClientSecret(secret));
        }

        public Builder clientCertificatePem(byte[] pem) {
            return credential(GraphCredential.ClientCertificate.ofPem(pem));
        }

        public Builder clientCertificatePemFile(Path pemFile) {
            return credential(GraphCredential.ClientCertificate.ofPemFile(pemFile));
        }

        /** Workload identity with an explicit token file (tenant and client ids set separately). */
        public Builder workloadIdentity(Path tokenFile) {
            return credential(new GraphCredential.WorkloadIdentity(tokenFile));
        }

        /**
         * Workload identity as the Azure Workload Identity webhook configures a pod:
         * AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE and, when set, AZURE_AUTHORITY_HOST.
         */
        public Builder workloadIdentityFromEnvironment(Map<String, String> environment) {
            String tokenFile = environment.get("AZURE_FEDERATED_TOKEN_FILE");
            if (isBlank(tokenFile)) {
                throw new IllegalArgumentException("AZURE_FEDERATED_TOKEN_FILE: not set; is the pod labelled for workload identity?");
            }
            tenantId(environment.get("AZURE_TENANT_ID"));
            clientId(environment.get("AZURE_CLIENT_ID"));
            String authority = environment.get("AZURE_AUTHORITY_HOST");
            if (!isBlank(authority)) {
                authorityHost(authority);
            }
            return workloadIdentity(Path.of(tokenFile));
        }

        public Builder defaultChain() {
            return credential(new GraphCredential.DefaultChain());
        }

        public Builder trustCertificate(X509Certificate certificate) {
            trustedCertificates.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        public Builder trustCertificatesPem(Path pemFile) {
            trustedCertificates.addAll(readCertificates(pemFile));
            return this;
        }

        public Builder tokenScope(String scope) {
            this.tokenScope = scope;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder sdkRetries(SdkRetries retries) {
            this.sdkRetries = retries;
            return this;
        }

        public GraphConnection build() {
            return new GraphConnection(graphEndpoint, authorityHost, tenantId, clientId, credential,
                    trustedCertificates, tokenScope, connectTimeout, requestTimeout, sdkRetries);
        }
    }
}
