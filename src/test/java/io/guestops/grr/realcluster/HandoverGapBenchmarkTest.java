package io.guestops.grr.realcluster;

import static io.guestops.grr.realcluster.OperatorReplicas.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.testkit.EmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hand-over gap of a rolling update on a real API server: two replicas with the production
 * timings (15 s lease, 10 s renew deadline, 2 s retry) while resources keep being applied (one
 * every 250 ms); each step starts a new replica, waits until it is ready, and stops the leader
 * gracefully, as a Deployment's rollout does when it deletes the leader's pod. Prints, per hand-over,
 * the time from the old leader's stop to the new leader's first pass and first Graph write.
 * {@code -Dhandovers=N} sets the number of steps (6 by default).
 */
class HandoverGapBenchmarkTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    private static final int HANDOVERS = Integer.getInteger("handovers", 6);
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
    private static final Duration APPLY_EVERY = Duration.ofMillis(250);
    private static final String[] NAMES = IntStream.rangeClosed(0, HANDOVERS + 1).mapToObj(i -> "pod-" + i).toArray(String[]::new);

    /** Forty guests per hand-over and forty more. */
    private static final int GUESTS = HANDOVERS * 40 + 40;

    /** The guests and one application per pod name. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> OperatorReplicas.seed(GUESTS, NAMES))
            .keepingStateAcrossTests();

    /** One hand-over, measured from the moment the old leader was told to stop. */
    record Handover(String from, String to, Duration stopTook, Duration toRelease, Duration toLead, Duration toFirstPass,
                    Duration toFirstWrite) {}

    @Test
    void aRollingUpdateHandsOverWithinSecondsNotTheLeaseDuration() {
        String[] names = NAMES;
        try (OperatorReplicas replicas = OperatorReplicas.on(KUBE, GRAPH.emulator());
             LeaseHistory history = LeaseHistory.watch(KUBE.adminClient(), replicas.namespace(), OperatorReplicas.LEASE)) {
            List<OperatorReplica> running = new ArrayList<>();
            running.add(new OperatorReplica(start(replicas, names[0])));
            await().atMost(Duration.ofSeconds(30)).until(() -> names[0].equals(replicas.holder()));
            running.add(new OperatorReplica(start(replicas, names[1])));

            AtomicInteger applied = new AtomicInteger();
            ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
            stream.scheduleAtFixedRate(() -> {
                if (applied.get() < GUESTS) {
                    replicas.create(applied.incrementAndGet());
                }
            }, 0, APPLY_EVERY.toMillis(), TimeUnit.MILLISECONDS);

            List<Handover> handovers = new ArrayList<>();
            try {
                for (int step = 1; step <= HANDOVERS; step++) {
                    OperatorReplicas.Replica surge = start(replicas, names[step + 1]);
                    await().atMost(Duration.ofSeconds(60)).until(surge::isReady);
                    String leaderName = replicas.holder();
                    OperatorReplica leader = running.stream().filter(r -> r.replica().identity().equals(leaderName)).findFirst()
                            .orElseThrow();
                    Instant stopAt = Instant.now();
                    leader.replica().stop();
                    Duration stopTook = Duration.between(stopAt, Instant.now());
                    running.remove(leader);
                    running.add(new OperatorReplica(surge));

                    await().atMost(LEASE_DURATION.multipliedBy(2)).pollInterval(Duration.ofMillis(50))
                            .until(() -> heldByAnyOf(replicas.holder(), running));
                    OperatorReplicas.Replica next = running.stream().map(OperatorReplica::replica)
                            .filter(r -> r.identity().equals(replicas.holder())).findFirst().orElseThrow();
                    Instant firstPass = await().atMost(Duration.ofSeconds(30)).until(() -> next.firstPassSince(stopAt), Optional::isPresent)
                            .orElseThrow();
                    Instant firstWrite = await().atMost(Duration.ofSeconds(30))
                            .until(() -> firstWriteSince(replicas, next.appId(), stopAt), Optional::isPresent).orElseThrow();
                    Instant released = history.versions().stream().filter(v -> v.holder() == null || v.holder().isEmpty())
                            .map(LeaseHistory.Version::seenAt).filter(seen -> !seen.isBefore(stopAt)).min(Comparator.naturalOrder())
                            .orElse(null);
                    Instant led = history.versions().stream().filter(v -> next.identity().equals(v.holder()))
                            .map(LeaseHistory.Version::seenAt).filter(seen -> !seen.isBefore(stopAt)).min(Comparator.naturalOrder())
                            .orElseThrow();
                    handovers.add(new Handover(leaderName, next.identity(), stopTook,
                            released == null ? null : Duration.between(stopAt, released), Duration.between(stopAt, led),
                            Duration.between(stopAt, firstPass), Duration.between(stopAt, firstWrite)));
                }
            } finally {
                stream.shutdownNow();
            }
            System.out.println(table(handovers));

            for (int guest = 1; guest <= applied.get(); guest++) {
                replicas.awaitReady(guest);
                int g = guest;
                assertThat(replicas.emulator().directory().invitations()).as("effective resets of guest %d", guest)
                        .filteredOn(i -> i.resetRedemption() && userId(g).equals(i.invitedUserId())).hasSize(1);
            }
            assertThat(handovers).as("every hand-over took less than the lease duration (%s)", LEASE_DURATION)
                    .allSatisfy(h -> assertThat(h.toFirstPass()).isLessThan(LEASE_DURATION));
        }
    }

    /** A replica still running in the rollout. */
    private record OperatorReplica(OperatorReplicas.Replica replica) {}

    private static OperatorReplicas.Replica start(OperatorReplicas replicas, String name) {
        return replicas.startReplica(name, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);
    }

    private static boolean heldByAnyOf(String holder, List<OperatorReplica> running) {
        return holder != null && running.stream().anyMatch(r -> r.replica().identity().equals(holder));
    }

    private static Optional<Instant> firstWriteSince(OperatorReplicas replicas, String appId, Instant since) {
        return replicas.writesBy(appId, null).stream().map(JournalEntry::time)
                .filter(time -> !time.isBefore(since)).min(Comparator.naturalOrder());
    }

    static String table(List<Handover> handovers) {
        StringBuilder out = new StringBuilder(String.format("%nHand-over gap, rolling update, %d hand-overs (lease 15 s, renew deadline 10 s,"
                + " retry 2 s), ms from the old leader's stop:%n", handovers.size()));
        out.append(String.format("%-3s %-14s %9s %9s %9s %11s %12s%n", "#", "from -> to", "stop took", "released", "new leads",
                "first pass", "first write"));
        for (int i = 0; i < handovers.size(); i++) {
            Handover h = handovers.get(i);
            out.append(String.format("%-3d %-14s %9d %9s %9d %11d %12d%n", i + 1, h.from() + "->" + h.to(), h.stopTook().toMillis(),
                    h.toRelease() == null ? "-" : Long.toString(h.toRelease().toMillis()), h.toLead().toMillis(),
                    h.toFirstPass().toMillis(), h.toFirstWrite().toMillis()));
        }
        out.append(String.format("median: first pass %d ms, first write %d ms; max: first pass %d ms, first write %d ms%n",
                median(handovers, Handover::toFirstPass), median(handovers, Handover::toFirstWrite),
                max(handovers, Handover::toFirstPass), max(handovers, Handover::toFirstWrite)));
        return out.toString();
    }

    private static long median(List<Handover> handovers, java.util.function.Function<Handover, Duration> of) {
        List<Long> sorted = handovers.stream().map(of).filter(Objects::nonNull).map(Duration::toMillis).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long max(List<Handover> handovers, java.util.function.Function<Handover, Duration> of) {
        return handovers.stream().map(of).map(Duration::toMillis).max(Long::compare).orElse(0L);
    }
}
