package io.guestops.grr.plan;

import java.util.List;

/** The plan of every resource, in the order of the files. */
public record Plan(List<PlannedAction> actions) {

    public Plan {
        actions = List.copyOf(actions);
    }

    public long resets() {
        return actions.stream().filter(PlannedAction::resets).count();
    }

    public long addressChanges() {
        return actions.stream().filter(PlannedAction::changesEmails).count();
    }

    public long count(PlannedAction.Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).count();
    }

    /** Terraform's -detailed-exitcode: 0 nothing to do, 2 changes, 1 the plan could not be made. */
    public int exitCode() {
        if (count(PlannedAction.Kind.ERROR) > 0) {
            return 1;
        }
        return count(PlannedAction.Kind.CHANGE) > 0 ? 2 : 0;
    }

    /** "2 resets, 3 address changes, 1 refusal, 4 unchanged" */
    public String summary() {
        String summary = plural(resets(), "reset") + ", " + plural(addressChanges(), "address change") + ", "
                + plural(count(PlannedAction.Kind.REFUSED), "refusal") + ", " + count(PlannedAction.Kind.NOTHING) + " unchanged";
        long errors = count(PlannedAction.Kind.ERROR);
        return errors == 0 ? summary : summary + ", " + plural(errors, "error");
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
