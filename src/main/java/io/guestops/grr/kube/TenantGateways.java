package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphCredential;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Graph gateway per tenant connection: the operator's default, one per Secret a resource names
 * (rebuilt when the Secret's resourceVersion changes, so a rotated client secret takes effect), and
 * one per workload identity application. Secrets are read through the {@link SecretLookup} the
 * caller hands in (the operator's informer cache), never fetched here. Gateways are shared: their
 * token caches and connection pools are per connection, not per resource.
 */
public final class TenantGateways implements GatewayProvider, AutoCloseable {

    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String CLIENT_CERTIFICATE = "clientCertificate";
    private static final Logger LOG = LoggerFactory.getLogger(TenantGateways.class);

    private final GraphConnection defaultConnection;
    private final GraphGateway defaultGateway;
    private final Function<GraphConnection, GraphGateway> factory;
    private final Map<String, Built> gateways = new ConcurrentHashMap<>();

    /** A gateway and the version of what it was built from. */
    private record Built(String version, GraphGateway gateway) {}

    /**
     * @param defaultConnection the operator's own tenant connection, or null when every resource must
     *                          name one; its endpoint, authority and trusted certificates also apply
     *                          to the connections resources name (same cloud)
     * @param factory           builds a gateway for a connection (the SDK gateway in production)
     */
    public TenantGateways(GraphConnection defaultConnection, Function<GraphConnection, GraphGateway> factory) {
        this.defaultConnection = defaultConnection;
        this.factory = factory;
        this.defaultGateway = defaultConnection == null ? null : factory.apply(defaultConnection);
    }

    @Override
    public GraphGateway gatewayFor(GuestRedemptionReset resource, SecretLookup secrets) throws ConnectionProblem {
        ConnectionSpec connection = resource.getSpec().getConnection();
        Optional<String> secretName = ConnectionSecrets.secretName(resource);
        if (secretName.isPresent()) {
            return fromSecret(resource.getMetadata().getNamespace(), secretName.get(), secrets);
        }
        if (connection != null && connection.getWorkloadIdentity() != null) {
            return fromWorkloadIdentity(connection.getWorkloadIdentity());
        }
        if (defaultGateway == null) {
            throw new ConnectionProblem("The operator has no default tenant connection; set spec.connection.secretName "
                    + "or spec.connection.workloadIdentity.");
        }
        return defaultGateway;
    }

    private GraphGateway fromSecret(String namespace, String name, SecretLookup secrets) throws ConnectionProblem {
        Secret secret = secrets.find(namespace, name).orElseThrow(() -> new ConnectionProblem("Secret " + namespace + "/"
                + name + " named by spec.connection.secretName does not exist or does not carry the label "
                + ConnectionSecrets.LABEL + "=true (the operator reads only Secrets labelled so)."));
        String where = "Secret " + namespace + "/" + name;
        String tenantId = required(secret, TENANT_ID, where);
        String clientId = required(secret, CLIENT_ID, where);
        String clientSecret = value(secret, CLIENT_SECRET, where);
        String certificate = value(secret, CLIENT_CERTIFICATE, where);
        if ((clientSecret == null) == (certificate == null)) {
            throw new ConnectionProblem(where + " must have exactly one of the keys " + CLIENT_SECRET + " and " + CLIENT_CERTIFICATE + ".");
        }
        GraphCredential credential;
        try {
            credential = clientSecret != null ? new GraphCredential.ClientSecret(clientSecret)
                    : GraphCredential.ClientCertificate.ofPem(certificate.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ConnectionProblem(where + ": " + e.getMessage());
        }
        String key = "secret/" + namespace + "/" + name;
        return cached(key, secret.getMetadata().getResourceVersion(), () -> connection(tenantId, clientId, credential));
    }

    private GraphGateway fromWorkloadIdentity(ConnectionSpec.WorkloadIdentitySpec identity) throws ConnectionProblem {
        String key = "workload/" + identity.getTenantId() + "/" + identity.getClientId();
        return cached(key, "", () -> connection(identity.getTenantId(), identity.getClientId(), new GraphCredential.WorkloadIdentity(null)));
    }

    private GraphConnection connection(String tenantId, String clientId, GraphCredential credential) {
        GraphConnection.Builder builder = GraphConnection.builder().tenantId(tenantId).clientId(clientId).credential(credential);
        if (defaultConnection != null) {
            builder.graphEndpoint(defaultConnection.graphEndpoint()).authorityHost(defaultConnection.authorityHost());
            defaultConnection.trustedCertificates().forEach(builder::trustCertificate);
        }
        return builder.build();
    }

    /** A supplier of a connection that may refuse its inputs. */
    private interface ConnectionSource {
        GraphConnection get();
    }

    private GraphGateway cached(String key, String version, ConnectionSource source) throws ConnectionProblem {
        Built built = gateways.get(key);
        if (built != null && built.version().equals(version)) {
            return built.gateway();
        }
        GraphGateway gateway;
        try {
            gateway = factory.apply(source.get());
        } catch (IllegalArgumentException e) {
            throw new ConnectionProblem("The tenant connection is invalid: " + e.getMessage());
        }
        Built previous = gateways.put(key, new Built(version, gateway));
        if (previous != null) {
            closeQuietly(previous.gateway());
        }
        return gateway;
    }

    private static String required(Secret secret, String key, String where) throws ConnectionProblem {
        String value = value(secret, key, where);
        if (value == null) {
            throw new ConnectionProblem(where + " has no key " + key + ".");
        }
        return value;
    }

    private static String value(Secret secret, String key, String where) throws ConnectionProblem {
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key).trim();
        }
        if (secret.getData() == null || secret.getData().get(key) == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(secret.getData().get(key).trim()), StandardCharsets.UTF_8).trim();
        } catch (IllegalArgumentException notBase64) {
            // A real API server refuses such a Secret; one written by an older or laxer server must not stop the operator.
            throw new ConnectionProblem(where + ": the value of key " + key + " is not base64. Write it again (kubectl create "
                    + "secret generic ... --from-literal encodes it for you).");
        }
    }

    private static void closeQuietly(GraphGateway gateway) {
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a replaced Graph gateway failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        gateways.values().forEach(built -> closeQuietly(built.gateway()));
        if (defaultGateway != null) {
            closeQuietly(defaultGateway);
        }
    }
}
