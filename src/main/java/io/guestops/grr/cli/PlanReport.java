package io.guestops.grr.cli;

import io.guestops.grr.manifest.ManifestProblem;
import io.guestops.grr.plan.Plan;
import io.guestops.grr.plan.PlannedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plan as text for a terminal, or Markdown for a pull-request comment. */
enum PlanReport {
    TEXT, MARKDOWN;

    static PlanReport of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("--output: expected text or markdown, got '" + value + "'");
        }
    }

    /** @param refusedAtApply resources the API server would refuse: they are not planned, and the plan fails */
    String render(Plan plan, List<ManifestProblem> refusedAtApply) {
        return this == TEXT ? text(plan, refusedAtApply) : markdown(plan, refusedAtApply);
    }

    /** The plan's one-word verdict per action, as both outputs show it. */
    static String verdict(PlannedAction action) {
        return switch (action.kind()) {
            case NOTHING -> "no change";
            case CHANGE -> "change";
            case REFUSED -> "refused: Stalled/" + action.reason();
            case ERROR -> "cannot plan" + (action.reason() == null ? "" : " (" + action.reason() + ")");
        };
    }

    /** The lines under a resource: the address diff, the reset, or the explanation. */
    static List<String> details(PlannedAction action) {
        List<String> lines = new ArrayList<>();
        if (action.emails() != null) {
            lines.addAll(action.emails().lines());
        }
        if (action.resetTo() != null) {
            lines.add("+ reset redemption to " + action.resetTo());
        }
        if (lines.isEmpty()) {
            lines.add(ProblemReport.oneLine(action.message()));
        }
        return lines;
    }

    private static String text(Plan plan, List<ManifestProblem> refusedAtApply) {
        StringBuilder out = new StringBuilder();
        refusedAtApply.forEach(p -> out.append("refused at apply: ").append(ProblemReport.oneLine(p.toString())).append('\n'));
        for (PlannedAction action : plan.actions()) {
            out.append(action.resource()).append(action.userId() == null ? "" : " (user " + action.userId() + ")")
                    .append(": ").append(verdict(action)).append('\n');
            details(action).forEach(line -> out.append("    ").append(line).append('\n'));
        }
        out.append("\nPlan: ").append(plan.summary());
        if (!refusedAtApply.isEmpty()) {
            out.append("; ").append(refusedAtApply.size()).append(" problem(s) the API server refuses at apply");
        }
        return out.append('\n').toString();
    }

    private static String markdown(Plan plan, List<ManifestProblem> refusedAtApply) {
        StringBuilder out = new StringBuilder("### GuestRedemptionReset plan\n\n");
        out.append("**Plan:** ").append(plan.summary()).append("\n\n");
        if (!refusedAtApply.isEmpty()) {
            out.append("**Refused at apply** (fix before merging):\n\n");
            refusedAtApply.forEach(p -> out.append("- `").append(p.file()).append(':').append(p.line()).append("` ")
                    .append(cell(p.resource() + ": " + p.field() + ": " + p.message())).append('\n'));
            out.append('\n');
        }
        out.append("| Resource | Action | Details |\n|---|---|---|\n");
        for (PlannedAction action : plan.actions()) {
            out.append("| `").append(action.resource()).append("` | ").append(cell(verdict(action))).append(" | ")
                    .append(String.join("<br>", details(action).stream().map(PlanReport::cell).toList())).append(" |\n");
        }
        return out.toString();
    }

    /** Text a table cell can hold: no line break, no column separator, no HTML. */
    private static String cell(String text) {
        return ProblemReport.oneLine(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
