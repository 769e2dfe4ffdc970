package io.guestops.grr.testkit;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import java.util.List;

/** The chaos runs' Graph: a share of the calls on every route the operator uses fails, and the journal tells which. */
public final class GraphFaultMix {

    private GraphFaultMix() {
    }

    /**
     * About a fifth of the calls on every Graph route the operator uses fail: throttled (Retry-After
     * 1), unavailable, timed out, or applied with the answer lost; a tenth are slow (150 ms).
     */
    public static void injectInto(GraphEmulator emulator) {
        List<String[]> routes = List.of(new String[] {"/users", "GET"}, new String[] {"/users/*", "GET"},
                new String[] {"/users/*", "PATCH"}, new String[] {"/invitations", "POST"},
                new String[] {"/roleManagement/directory/roleAssignments", "GET"}, new String[] {"/domains", "GET"});
        for (String[] route : routes) {
            emulator.faults().add(FaultRule.withRate(route[0], route[1], FaultKind.THROTTLE, 0.06));
            emulator.faults().add(FaultRule.withRate(route[0], route[1], FaultKind.UNAVAILABLE, 0.06));
            emulator.faults().add(FaultRule.withRate(route[0], route[1], FaultKind.GATEWAY_TIMEOUT, 0.05));
            emulator.faults().add(FaultRule.withRate(route[0], route[1], FaultKind.COMMIT_THEN_DROP, 0.05));
            emulator.faults().add(new FaultRule(route[0], route[1], FaultKind.LATENCY, null, 0.1, null, 150L));
        }
    }

    /** Injected failures are recognisable in the journal: dropped, 503, 504, or a 429 not from the throttler. */
    public static boolean failedByInjection(JournalEntry e) {
        return e.connectionDropped() || e.status() == 503 || e.status() == 504
                || (e.status() == 429 && (e.responseBody() == null || !e.responseBody().contains("exceeded its throttling limit")));
    }
}
