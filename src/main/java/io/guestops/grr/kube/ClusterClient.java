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
     * brings Vert.x: naming it leaves nothing to chance). Watches stay WebSockets, Fabric8's default:
     * with HTTP-streamed watches (as client-go and kubectl use) Fabric8 7.5.2's informers never report
     * healthy, so `run`'s /readyz never turned ready (RuntimeJarIT, on a real API server). The cost: a
     * watch cut without a close frame (an API server restart, an idle timeout) makes Fabric8 log a WARN
     * with a stack trace before it resumes.
     */
    public static KubernetesClient connect(Config config) {
        return connect(config, null);
    }

    /** As {@link #connect(Config)}, with an interceptor that sees every HTTP exchange (null: none). */
    public static KubernetesClient connect(Config config, Interceptor interceptor) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config);
        if (interceptor != null) {
            builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(KubernetesApiErrors.NAME, interceptor));
        }
        return builder.build();
    }
}
