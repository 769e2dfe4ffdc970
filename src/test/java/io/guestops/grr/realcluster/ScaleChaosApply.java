package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.realcluster.ScaleChaosPlan.ChaosTenant;
import io.guestops.grr.realcluster.ScaleChaosPlan.Planned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What the chaos run's cluster admin and GitOps tool apply: namespaces, connection Secrets, policies, then the resources. */
final class ScaleChaosApply {

    private ScaleChaosApply() {
    }

    /** The operator's namespace, each tenant's two namespaces (with its connection Secret), and its policy. */
    static void prepareCluster(KubernetesClient admin, ScaleChaosPlan plan, String operatorNamespace) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(operatorNamespace).endMetadata().build()).create();
        for (ChaosTenant tenant : plan.tenants) {
            for (String namespace : List.of(tenant.namespace(), tenant.rivalNamespace())) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels(ScaleChaosPlan.TENANT_LABEL, String.valueOf(tenant.letter())).endMetadata().build()).create();
                if (tenant.secretName() != null) {
                    admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(tenant.secretName())
                            .addToLabels("guestops.io/connection", "true").endMetadata()
                            .addToData("tenantId", base64(tenant.tenantId())).addToData("clientId", base64(tenant.appId()))
                            .addToData("clientSecret", base64(ScaleChaosPlan.SECRET)).build()).create();
                }
            }
            String yaml = "apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionPolicy\nmetadata:\n  name: tenant-" + tenant.letter()
                    + "\nspec:\n" + tenant.policyYaml().indent(2);
            admin.resource(Serialization.unmarshal(yaml, GuestRedemptionPolicy.class)).create();
        }
    }

    /**
     * Applies every resource as a GitOps tool would, retrying through the API server's restarts; the
     * two sides of a fight go in one after the other, within the same second.
     *
     * @return how many the API server's schema refused (422)
     */
    static long createAll(KubernetesClient admin, ScaleChaosPlan plan) throws Exception {
        ExecutorService appliers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (Planned p : plan.resources) {
                created.add(appliers.submit(() -> apply(admin, p)));
            }
            long refused = 0;
            for (Future<Boolean> f : created) {
                refused += f.get() ? 0 : 1;
            }
            return refused;
        } finally {
            appliers.shutdown();
        }
    }

    /** @return true when the API server holds the resource, false when its schema refused it */
    private static boolean apply(KubernetesClient admin, Planned p) {
        boolean[] admitted = new boolean[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                admin.resource(p.manifest()).inNamespace(p.namespace()).create();
                admitted[0] = true;
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) { // created before a restart cut the answer
                    admitted[0] = true;
                    return true;
                }
                return e.getCode() == 422; // refused by the schema: final
            }
        });
        assertThat(admitted[0]).as(p.key() + " admitted by the API server").isEqualTo(p.kind() != PlantedCase.SCHEMA_REFUSED);
        return admitted[0];
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
