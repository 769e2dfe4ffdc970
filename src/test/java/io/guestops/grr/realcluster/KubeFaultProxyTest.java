package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.guestops.grr.realcluster.KubeFaults.Injected;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault proxy carries what a Fabric8 client sends to the real API server, and injects each fault it offers. */
class KubeFaultProxyTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    private KubeFaultProxy proxy;
    private KubernetesClient client;
    private String namespace;

    @BeforeEach
    void start() {
        proxy = KubeFaultProxy.inFrontOf(KUBE, 7);
        Config config = proxy.clientConfig(KUBE.adminToken());
        config.setRequestRetryBackoffLimit(0); // the client's own retries would hide the answer the proxy gave
        client = KUBE.client(config);
        namespace = KUBE.createNamespace("proxy");
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void carriesRequestsAndWatchesAcrossCutWatches() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                seen.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            }
        });
        try {
            client.configMaps().inNamespace(namespace).resource(configMap("before")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("before"));

            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.closeWatches() > 0);
            KUBE.adminClient().configMaps().inNamespace(namespace).resource(configMap("after")).create();

            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("after"));
            assertThat(proxy.requests(RequestHead::isWebSocketUpgrade)).as("Fabric8 watches over WebSocket").isGreaterThanOrEqualTo(2);
            assertThat(proxy.faults().injected(Injected.WATCH_CLOSED)).isPositive();
        } finally {
            informer.close();
        }
    }

    @Test
    void answers429And503ToTheShareAskedForAndStopsWhenCleared() {
        proxy.faults().throttle(1.0, Duration.ofSeconds(3), head -> head.path().endsWith("/configmaps"));
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(429));

        proxy.faults().clear().unavailable(0.5, head -> head.path().endsWith("/configmaps"));
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            try {
                client.configMaps().inNamespace(namespace).list();
            } catch (KubernetesClientException e) {
                assertThat(e.getCode()).isEqualTo(503);
                failed++;
            }
        }
        assertThat(failed).as("about half of 40").isBetween(10, 30);
        assertThat(proxy.faults().injected(Injected.UNAVAILABLE_503)).isEqualTo(failed);

        proxy.faults().clear();
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void refusesStatusWritesAndNamedLeaseRenewalsOnly() {
        Lease lease = client.leases().inNamespace(namespace).resource(new LeaseBuilder().withNewMetadata().withName("leader")
                .endMetadata().withNewSpec().withHolderIdentity("a").endSpec().build()).create();
        proxy.faults().refuseLeaseRenewals("leader", 409);

        lease.getSpec().setHolderIdentity("b");
        assertThatThrownBy(() -> client.leases().inNamespace(namespace).resource(lease).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.leases().inNamespace(namespace).withName("leader").get().getSpec().getHolderIdentity()).isEqualTo("a");

        proxy.faults().allowLeaseRenewals().conflictOnStatusWrites(1.0);
        assertThat(client.leases().inNamespace(namespace).resource(lease).update().getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(new RequestHead("PUT", "/apis/guestops.io/v1alpha1/namespaces/x/guestredemptionresets/y/status", java.util.List.of())
                .isStatusWrite()).isTrue();
        assertThat(proxy.faults().injected(Injected.LEASE_RENEWAL_REFUSED)).isEqualTo(1);
    }

    @Test
    void downRefusesEveryConnectionUntilUp() {
        proxy.down();
        assertThatThrownBy(() -> client.namespaces().withName(namespace).get()).isInstanceOf(KubernetesClientException.class);
        assertThat(proxy.faults().injected(Injected.REFUSED_WHILE_DOWN)).isPositive();

        proxy.up();
        assertThat(client.namespaces().withName(namespace).get()).isNotNull();
    }

    @Test
    void addsLatency() {
        proxy.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();
        client.namespaces().withName(namespace).get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(proxy.faults().injected(Injected.DELAYED)).isEqualTo(1);
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }
}
