package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.testkit.KubectlFixture;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What JOSDK's leader election needs from the embedded Kubernetes, through the Fabric8 client. */
class LeaderElectionSupportTest {

    /** The embedded Kubernetes only: no emulator, no operator. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    @Test
    void aLeaseUpdateBasedOnAStaleVersionIsAConflict() {
        Lease created = KUBERNETES.client().leases().resource(new LeaseBuilder()
                .withNewMetadata().withName("guest-redemption-operator").withNamespace("default").endMetadata()
                .withNewSpec().withHolderIdentity("replica-a").withLeaseDurationSeconds(15)
                .withAcquireTime(ZonedDateTime.now()).endSpec()
                .build()).create();

        Lease renewedByA = new LeaseBuilder(created).editSpec().withRenewTime(ZonedDateTime.now()).endSpec().build();
        Lease afterRenewal = KUBERNETES.client().leases().resource(renewedByA).update();
        assertThat(afterRenewal.getMetadata().getResourceVersion())
                .isNotEqualTo(created.getMetadata().getResourceVersion());

        // replica b read the lease before the renewal and tries to take it over
        Lease takeoverByB = new LeaseBuilder(created).editSpec().withHolderIdentity("replica-b").endSpec().build();
        assertThatThrownBy(() -> KUBERNETES.client().leases().resource(takeoverByB).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(KUBERNETES.client().leases().withName("guest-redemption-operator").get().getSpec().getHolderIdentity())
                .isEqualTo("replica-a");
    }

    /** A guest's claim is a Lease created atomically: of two operators creating it, the second gets AlreadyExists. */
    @Test
    void aSecondCreateOfTheSameLeaseIsAlreadyExists() {
        Lease claim = new LeaseBuilder()
                .withNewMetadata().withName("grr-guest-5a4d0000-0000-4000-8000-000000000001").withNamespace("default").endMetadata()
                .withNewSpec().withHolderIdentity("default/in-shard-a/uid-a").endSpec()
                .build();
        KUBERNETES.client().leases().resource(claim).create();

        Lease second = new LeaseBuilder(claim).editSpec().withHolderIdentity("default/in-shard-b/uid-b").endSpec().build();
        assertThatThrownBy(() -> KUBERNETES.client().leases().resource(second).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
        assertThat(KUBERNETES.client().leases().withName(claim.getMetadata().getName()).get().getSpec().getHolderIdentity())
                .isEqualTo("default/in-shard-a/uid-a");
    }

    @Test
    void aSelfSubjectRulesReviewAllowsEverything() {
        SelfSubjectRulesReview review = KUBERNETES.client().authorization().v1().selfSubjectRulesReview()
                .create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("default").endSpec().build());

        assertThat(review.getStatus().getResourceRules()).anySatisfy(rule -> {
            assertThat(rule.getVerbs()).containsExactly("*");
            assertThat(rule.getResources()).containsExactly("*");
            assertThat(rule.getApiGroups()).containsExactly("*");
        });
    }
}
