package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Secrets that resources name in {@code spec.connection.secretName}, watched: a created, fixed
 * or rotated Secret re-reconciles at once exactly the resources that name it, and every pass reads
 * the Secret from the informer's cache instead of asking the API server.
 * <p>
 * Only Secrets labelled {@value #LABEL}{@code =true} are watched, so the operator holds in memory
 * the connection Secrets and none of the cluster's other Secrets (service-account tokens, TLS keys,
 * Helm releases).
 */
public final class ConnectionSecrets implements GatewayProvider.SecretLookup {

    /** The label a Secret must carry to be used as a tenant connection. */
    static final String LABEL = "guestops.io/connection";
    static final String INDEX = "connection-secret";

    private volatile InformerEventSource<Secret, GuestRedemptionReset> informer;

    /**
     * Indexes the primary cache by {@code namespace/secretName} and builds the Secrets' event
     * source, mapping a changed Secret to the resources that name it.
     */
    InformerEventSource<Secret, GuestRedemptionReset> eventSource(EventSourceContext<GuestRedemptionReset> context) {
        context.getPrimaryCache().addIndexer(INDEX, ConnectionSecrets::indexKeys);
        var configuration = InformerEventSourceConfiguration.from(Secret.class, GuestRedemptionReset.class)
                .withName("connection-secrets")
                .withNamespacesInheritedFromController()
                .withLabelSelector(LABEL + "=true")
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        informer = new InformerEventSource<>(configuration, context);
        return informer;
    }

    /**
     * The same Secrets read straight from a cluster, for a one-off reader such as {@code plan}: a
     * Secret without the label is not there, as for the operator.
     */
    public static GatewayProvider.SecretLookup readFrom(KubernetesClient client) {
        return (namespace, name) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
                .filter(secret -> secret.getMetadata().getLabels() != null
                        && "true".equals(secret.getMetadata().getLabels().get(LABEL)));
    }

    /**
     * The Secret as the informer last saw it; empty when it does not exist or is not labelled.
     *
     * @throws CacheUnavailable when the informer is not running (JOSDK stops it, emptying its cache,
     *                          before the passes under way end): its empty answer is then no
     *                          evidence that the Secret is missing
     */
    @Override
    public Optional<Secret> find(String namespace, String name) {
        InformerEventSource<Secret, GuestRedemptionReset> source = informer;
        if (source == null) {
            throw new IllegalStateException("the connection Secrets are read before their event source was prepared");
        }
        Optional<Secret> secret = source.get(new ResourceID(name, namespace));
        // Checked after reading: JOSDK marks a source stopped before it empties its cache.
        if (!source.isRunning()) {
            throw new CacheUnavailable("the informer of the connection Secrets is not running (stopping): Secret "
                    + namespace + "/" + name + " cannot be looked up");
        }
        return secret;
    }

    /** The index key of a resource: the Secret it names, if any. */
    static List<String> indexKeys(GuestRedemptionReset resource) {
        return secretName(resource).map(name -> List.of(key(resource.getMetadata().getNamespace(), name))).orElse(List.of());
    }

    /** The Secret a resource names for its tenant connection, trimmed; empty when it names none. */
    static Optional<String> secretName(GuestRedemptionReset resource) {
        ConnectionSpec connection = resource.getSpec() == null ? null : resource.getSpec().getConnection();
        if (connection == null || connection.getSecretName() == null || connection.getSecretName().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(connection.getSecretName().trim());
    }

    /**
     * The resource's tenant connection as a person finds it, for log lines that are about the
     * connection rather than one resource: "Secret ns/name", the workload identity, or the default.
     */
    static String connectionName(GuestRedemptionReset resource) {
        Optional<String> secret = secretName(resource);
        if (secret.isPresent()) {
            return "Secret " + key(resource.getMetadata().getNamespace(), secret.get());
        }
        ConnectionSpec connection = resource.getSpec() == null ? null : resource.getSpec().getConnection();
        if (connection != null && connection.getWorkloadIdentity() != null) {
            return "the workload identity of client " + connection.getWorkloadIdentity().getClientId() + " in tenant "
                    + connection.getWorkloadIdentity().getTenantId();
        }
        return "the operator's default connection";
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
