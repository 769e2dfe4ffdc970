package io.guestops.grr.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The table of resources `dev` ends with and `status` prints: who each resource resolved to, its
 * conditions, the reason that explains them, and when the reset was issued.
 */
final class ResourceTable {

    private static final String[] HEADERS = {"NAME", "USER", "DESIRED EMAIL", "READY", "STALLED", "EMAIL SYNCED", "RESET", "CONFIRMED BY",
        "REASON"};

    private ResourceTable() {
    }

    /**
     * @param extraHeaders headers of columns after the standard ones
     * @param extraCells   the cells of those columns for a resource
     */
    static TextTable of(List<GuestRedemptionReset> resources, boolean withNamespace, List<String> extraHeaders,
                        Function<GuestRedemptionReset, List<String>> extraCells) {
        List<String> headers = new ArrayList<>();
        if (withNamespace) {
            headers.add("NAMESPACE");
        }
        headers.addAll(List.of(HEADERS));
        headers.addAll(extraHeaders);
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (GuestRedemptionReset r : resources) {
            List<String> cells = new ArrayList<>();
            if (withNamespace) {
                cells.add(r.getMetadata().getNamespace());
            }
            cells.addAll(cells(r));
            cells.addAll(extraCells.apply(r));
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    private static List<String> cells(GuestRedemptionReset r) {
        Condition ready = condition(r, "Ready");
        Condition stalled = condition(r, "Stalled");
        List<String> cells = new ArrayList<>();
        cells.add(r.getMetadata().getName());
        cells.add(r.getStatus() == null ? null : r.getStatus().getUserId());
        cells.add(r.getSpec() == null ? null : r.getSpec().getDesiredEmail());
        cells.add(statusOf(ready));
        cells.add(statusOf(stalled));
        cells.add(statusOf(condition(r, "EmailSynced")));
        boolean reset = r.getStatus() != null && r.getStatus().getReset() != null;
        cells.add(reset ? r.getStatus().getReset().getIssuedAt() : statusOf(condition(r, "RedemptionReset")));
        // Where the record came from: Graph's answer, the user's state, or the reset ledger (an earlier resource's reset).
        cells.add(reset ? r.getStatus().getReset().getConfirmedBy() : null);
        cells.add(reason(r));
        return cells;
    }

    /** The reason that explains where the resource is: Stalled's when it is stalled, else Ready's. */
    static String reason(GuestRedemptionReset r) {
        Condition ready = condition(r, "Ready");
        Condition stalled = condition(r, "Stalled");
        if (stalled != null && "True".equals(stalled.getStatus())) {
            return stalled.getReason();
        }
        return ready == null ? null : ready.getReason();
    }

    static boolean is(GuestRedemptionReset r, String type) {
        return r != null && r.getStatus() != null && r.getStatus().conditionIsTrue(type);
    }

    static Condition condition(GuestRedemptionReset r, String type) {
        return r == null || r.getStatus() == null ? null : r.getStatus().condition(type).orElse(null);
    }

    private static String statusOf(Condition condition) {
        return condition == null ? null : condition.getStatus();
    }
}
