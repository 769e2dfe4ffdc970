package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The most common cause of 410 Gone on a real cluster: etcd compaction. kube-apiserver compacts
 * etcd's history every {@code --etcd-compaction-interval} (5 min by default); an informer that was
 * cut off for longer resumes its watch from a resource version that is no longer there, gets 410
 * "too old resource version" and must list again. {@link KubernetesFaultsTest} reaches 410 by
 * restarting the control plane instead; here the server keeps running and only compaction passes.
 */
class EtcdCompactionTest {

    /**
     * Without the watch cache every watch is served by etcd itself, so compaction alone decides
     * whether a resume point is still there: the cause this test is about. With the cache on (the
     * default), a watch is answered from the cache, which says 410 only once its window of recent
     * events no longer holds the resource version; reaching that takes minutes or a flood of writes,
     * and would test the cache rather than compaction. A 2 s interval makes compaction pass a
     * revision within about 4 s (each round compacts to the revision the previous round saw)
     * instead of up to 10 minutes.
     */
    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.withFlags("--watch-cache=false", "--etcd-compaction-interval=2s");

    /** The scenario puts it back to its own guests (see FaultScenario). */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seeds::examples).keepingStateAcrossTests();

    @Test
    void watchesResumedBehindACompactionRelistAndMissNothing() {
        try (FaultScenario scenario = new FaultScenario(KUBE, GRAPH.emulator(), "compaction", 8, 185)) {
            scenario.startReplica(UnaryOperator.identity());
            AtomicReference<Duration> compactionWait = new AtomicReference<>();
            long listsBefore = scenario.cutOffUntilResumePointsAreGone(() -> compactionWait.set(awaitCompactedPastNow(scenario)));
            scenario.assertExactlyOneResetPerRequestAndTruthfulStatus();
            scenario.assertLogsKeepSecrets();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("etcd compaction interval (watch cache off)", "2 s");
            extra.put("wait for the gap's revision to be compacted (s)", compactionWait.get().toMillis() / 1000.0);
            extra.put("lists before the gap", listsBefore);
            scenario.printSummary(extra);
        }
    }

    /**
     * Waits until etcd's current revision (after the gap's writes) is compacted away: then so is every
     * resource version the operator saw before the gap, and its watches cannot resume.
     *
     * @return how long that took
     */
    private static Duration awaitCompactedPastNow(FaultScenario scenario) {
        long begin = System.nanoTime();
        String now = scenario.user().resources(GuestRedemptionReset.class).inNamespace(scenario.namespace())
                .list().getMetadata().getResourceVersion();
        HttpClient http = HttpClient.newBuilder().sslContext(RealKubernetes.trusting(KUBE.certificateFile())).build();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> listAt(http, scenario.namespace(), now) == 410);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /**
     * The status of a list of the namespace's resources exactly at {@code resourceVersion}, as the
     * admin straight to the server: 410 once compaction has removed that revision (a list without
     * {@code resourceVersionMatch=Exact} would be answered from a newer revision instead).
     */
    private static int listAt(HttpClient http, String namespace, String resourceVersion) throws IOException, InterruptedException {
        URI uri = URI.create(KUBE.url() + "/apis/" + HasMetadata.getApiVersion(GuestRedemptionReset.class) + "/namespaces/"
                + namespace + "/" + HasMetadata.getPlural(GuestRedemptionReset.class)
                + "?limit=1&resourceVersionMatch=Exact&resourceVersion=" + resourceVersion);
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KUBE.adminToken())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
