package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.testkit.EmulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `run` as its own process, stopped the way Kubernetes stops a pod (SIGTERM): its shutdown hook
 * gives the leader Lease back before the JVM ends, and a standby leads within seconds.
 */
class RunSigtermTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> OperatorReplicas.seed(1, "standby")).keepingStateAcrossTests();

    @Test
    void sigtermGivesTheLeaseBackAndTheStandbyLeadsWithinSeconds() throws IOException {
        try (OperatorReplicas replicas = OperatorReplicas.on(KUBE, GRAPH.emulator());
             LeaseHistory history = LeaseHistory.watch(KUBE.adminClient(), replicas.namespace(), OperatorReplicas.LEASE)) {
            Path dir = Files.createTempDirectory("run-sigterm");
            try (RunCommandProcess run = RunCommandProcess.start(dir, List.of("--kubeconfig", KUBE.kubeconfig().toString(),
                    "--no-default-tenant", "--namespaces", replicas.namespace(), "--lease-name", OperatorReplicas.LEASE,
                    "--lease-namespace", replicas.namespace(), "--identity", "run-pod", "--health-port", "0"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> "run-pod".equals(replicas.holder()) || !run.isAlive());
                assertThat(run.isAlive()).as("run is running; its output:%n%s", run.output()).isTrue();
                OperatorReplicas.Replica standby = replicas.startReplica("standby", Duration.ofSeconds(15), Duration.ofSeconds(10),
                        Duration.ofSeconds(2));
                await().atMost(Duration.ofSeconds(60)).until(standby::isReady);

                Instant sigterm = Instant.now();
                assertThat(run.terminate(Duration.ofSeconds(30))).as("run ended after SIGTERM").isTrue();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "standby".equals(replicas.holder()));

                Duration handover = Duration.between(sigterm, history.firstSeenHeldBy("standby").orElseThrow());
                assertThat(history.firstSeenReleased()).as("run gave the Lease back; its output:%n%s", run.output())
                        .isPresent();
                assertThat(handover).as("the standby led %s after the SIGTERM, not after the 15 s lease duration", handover)
                        .isLessThan(Duration.ofSeconds(8));
                System.out.printf("SIGTERM of `run` to the standby's lead: %d ms%n", handover.toMillis());
            }
        }
    }
}
