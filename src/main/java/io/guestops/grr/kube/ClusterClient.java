package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/** The Fabric8 client the operator uses against a real cluster. */
public final class ClusterClient {

    private ClusterClient() {
    }

    /**
     * A client on the JDK's HTTP client (Fabric8 finds more than one on the classpath, the mock server
     * brings Vert.x: naming it leaves nothing to chance) that watches over HTTP streaming, as
     * client-go and kubectl do. Fabric8 7.5 otherwise opens watches as WebSockets, and the JDK
     * WebSocket reports a connection cut without a close frame (an API server restart, a load balancer's
     * idle timeout) as close code 1006, which Fabric8 then tries to send back: every cut watch logged a
     * WARN with an IllegalArgumentException stack trace (seen in KubernetesFaultsTest on a real API
     * server). HTTP watches resume the same way (from the last resource version, a relist on 410 Gone).
     */
    public static KubernetesClient connect(Config config) {
        return connect(config, null);
    }

    /** As {@link #connect(Config)}, with an interceptor that sees every HTTP exchange (null: none). */
    public static KubernetesClient connect(Config config, Interceptor interceptor) {
        config.setOnlyHttpWatches(true);
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config);
        if (interceptor != null) {
            builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(KubernetesApiErrors.NAME, interceptor));
        }
        return builder.build();
    }
}
