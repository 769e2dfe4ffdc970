package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.GraphGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What an admin's PowerShell script does, one guest after another through the same SDK gateway the
 * operator uses: read the user, PATCH mail and otherMails when the address changes, reset
 * ({@code Get-MgUser}, {@code Update-MgUser}, {@code New-MgInvitation -ResetRedemption}). A call that
 * fails is not retried beyond the SDK's own retries: the guest counts as not reset.
 */
final class SerialBaseline {

    private static final String REDIRECT = "https://myapps.microsoft.com";

    private SerialBaseline() {
    }

    static PhaseResult run(GraphEmulator emulator, GraphConnection connection, BenchmarkSeed.Guest warmUp,
                           List<BenchmarkSeed.Guest> guests, IntConsumer progress) {
        try (GraphGateway graph = GraphGateways.create(connection)) {
            if (!resetOne(graph, warmUp)) {
                throw new IllegalStateException("the serial loop could not reset the warm-up guest");
            }
            emulator.clearJournal();
            Duration cpuBefore = ProcessMeter.cpuTime();
            long start = System.nanoTime();
            int resets = 0;
            for (BenchmarkSeed.Guest guest : guests) {
                resets += resetOne(graph, guest) ? 1 : 0;
                progress.accept(resets);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            Duration cpu = ProcessMeter.cpuTime().minus(cpuBefore);
            return new PhaseResult("serial loop", resets, wall, GraphTraffic.of(emulator.journal()), List.of(), cpu,
                    ProcessMeter.heapAfterCollection());
        }
    }

    private static boolean resetOne(GraphGateway graph, BenchmarkSeed.Guest guest) {
        GraphResult<GuestUser> user = graph.getUser(guest.userId());
        if (!user.isSuccess()) {
            return false;
        }
        if (!guest.desiredEmail().equalsIgnoreCase(user.value().mail())) {
            List<String> otherMails = new ArrayList<>(user.value().otherMails());
            otherMails.add(guest.desiredEmail());
            if (!graph.updateEmails(guest.userId(), new EmailUpdate(guest.desiredEmail(), otherMails)).isSuccess()) {
                return false;
            }
        }
        return graph.resetRedemption(new ResetInvitation(guest.userId(), guest.desiredEmail(), REDIRECT, false, null, null, null))
                .isSuccess();
    }
}
