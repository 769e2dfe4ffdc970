package io.guestops.grr.embedded.benchmark;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The operator on the same guests: one replica with default settings (but the thread count and the Entra ledger copy),
 * every resource applied at once as a bulk {@code kubectl apply} would, timed until all are Ready.
 */
final class OperatorPhase {

    static final String NAMESPACE = "default";
    /** Clients applying resources at the same time, as a GitOps sync does. */
    private static final int APPLIERS = 4;

    private OperatorPhase() {
    }

    static PhaseResult run(DevEnvironment environment, BenchmarkPlan plan, BenchmarkSeed.Guest warmUp,
                           List<BenchmarkSeed.Guest> guests, Duration timeout, IntConsumer progress) throws InterruptedException {
        return run(environment, plan, environment.budgetLimits(), warmUp, guests, timeout, progress);
    }

    /** As above, the operator configured with {@code configured} Graph limits rather than the emulator's. */
    static PhaseResult run(DevEnvironment environment, BenchmarkPlan plan, BudgetLimits configured, BenchmarkSeed.Guest warmUp,
                           List<BenchmarkSeed.Guest> guests, Duration timeout, IntConsumer progress) throws InterruptedException {
        KubernetesClient client = environment.client();
        DevEnvironment.RunningOperator operator = environment.startOperator(OperatorSettings.builder().threads(plan.threads())
                .entraLedgerCopy(plan.entraLedgerCopy()).build(), Instrumentation.NONE, configured);
        try (ReadyClock clock = new ReadyClock(client, NAMESPACE)) {
            awaitReady(operator);
            warmUp(client, warmUp);
            environment.emulator().clearJournal();
            Duration cpuBefore = ProcessMeter.cpuTime();
            applyAll(client, guests, clock);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (clock.readyCount() < guests.size() && System.nanoTime() < deadline) {
                progress.accept(clock.readyCount());
                Thread.sleep(250);
            }
            progress.accept(clock.readyCount());
            Duration cpu = ProcessMeter.cpuTime().minus(cpuBefore);
            return new PhaseResult("operator", clock.readyCount(), clock.span(),
                    GraphTraffic.of(environment.emulator().journal()), clock.timesToReady(), cpu, ProcessMeter.heapAfterCollection());
        } finally {
            environment.stopOperators();
        }
    }

    private static void awaitReady(DevEnvironment.RunningOperator operator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!operator.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the operator did not become ready within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static void warmUp(KubernetesClient client, BenchmarkSeed.Guest warmUp) throws InterruptedException {
        GuestRedemptionReset applied = client.resource(resourceFor(warmUp)).create();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            GuestRedemptionReset current = client.resource(applied).get();
            if (current.hasSettled() && current.getStatus().conditionIsTrue("Ready")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the operator did not reset the warm-up guest within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static void applyAll(KubernetesClient client, List<BenchmarkSeed.Guest> guests, ReadyClock clock)
            throws InterruptedException {
        ExecutorService appliers = Executors.newFixedThreadPool(APPLIERS);
        try {
            for (BenchmarkSeed.Guest guest : guests) {
                appliers.execute(() -> {
                    clock.applied(guest.name());
                    client.resource(resourceFor(guest)).create();
                });
            }
        } finally {
            appliers.shutdown();
            appliers.awaitTermination(10, TimeUnit.MINUTES);
        }
    }

    static GuestRedemptionReset resourceFor(BenchmarkSeed.Guest guest) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(guest.userId(), null));
        spec.setDesiredEmail(guest.desiredEmail());
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(guest.name()).withNamespace(NAMESPACE).build());
        resource.setSpec(spec);
        return resource;
    }
}
