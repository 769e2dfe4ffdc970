package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.manifest.ManifestProblem;
import io.guestops.grr.plan.EmailDiff;
import io.guestops.grr.plan.Plan;
import io.guestops.grr.plan.PlannedAction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plan's summary, exit code and the two renderings a reviewer reads. */
class PlanReportTest {

    private static final PlannedAction CHANGE = new PlannedAction("default/alex", PlannedAction.Kind.CHANGE, null, "PATCH ...",
            "id-1", new EmailDiff("alex@old.example", "alex@new.example", List.of("alex@old.example"), List.of()),
            "alex@new.example");
    private static final PlannedAction RESET_ONLY = new PlannedAction("default/bianca", PlannedAction.Kind.CHANGE, null,
            "reset", "id-2", null, "bianca@partner.example");
    private static final PlannedAction REFUSED = new PlannedAction("default/frank", PlannedAction.Kind.REFUSED, "NotAGuest",
            "User id-3 has userType Member | not a guest\nsecond line", "id-3", null, null);
    private static final PlannedAction NOTHING = new PlannedAction("default/done", PlannedAction.Kind.NOTHING, null,
            "Entra ID matches the spec.", "id-4", null, null);
    private static final PlannedAction ERROR = new PlannedAction("default/throttled", PlannedAction.Kind.ERROR, "Throttled",
            "While reading the guest: throttled", null, null, null);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nothing to do      | NOTHING                 | 0 | 0 resets, 0 address changes, 0 refusals, 1 unchanged",
            "refusals only      | NOTHING,REFUSED         | 0 | 0 resets, 0 address changes, 1 refusal, 1 unchanged",
            "changes            | CHANGE,RESET_ONLY,REFUSED | 2 | 2 resets, 1 address change, 1 refusal, 0 unchanged",
            "an error wins      | CHANGE,ERROR            | 1 | 1 reset, 1 address change, 0 refusals, 0 unchanged, 1 error",
    })
    void summaryAndExitCodeFollowTerraformsDetailedExitCode(String title, String actions, int exitCode, String summary) {
        Plan plan = plan(actions);
        assertThat(plan.exitCode()).isEqualTo(exitCode);
        assertThat(plan.summary()).isEqualTo(summary);
    }

    @Test
    void textShowsTheDiffTheResetAndTheReasonPerResource() {
        String rendered = PlanReport.TEXT.render(plan("CHANGE,REFUSED"), List.of());
        assertThat(rendered).contains("default/alex (user id-1): change\n"
                        + "    ~ mail: alex@old.example -> alex@new.example\n"
                        + "    + otherMails: alex@old.example\n"
                        + "    + reset redemption to alex@new.example\n",
                "default/frank (user id-3): refused: Stalled/NotAGuest\n    User id-3 has userType Member | not a guest\\nsecond line",
                "Plan: 1 reset, 1 address change, 1 refusal, 0 unchanged");
        assertThat(rendered.lines()).as("a line break in a message cannot start a line").noneMatch(l -> l.equals("second line"));
    }

    @Test
    void markdownIsOneTableRowPerResourceThatNoValueCanBreak() {
        String rendered = PlanReport.MARKDOWN.render(plan("CHANGE,REFUSED"), List.of());
        assertThat(rendered).contains("**Plan:** 1 reset, 1 address change, 1 refusal, 0 unchanged",
                "| `default/alex` | change | ~ mail: alex@old.example -&gt; alex@new.example<br>+ otherMails: alex@old.example"
                        + "<br>+ reset redemption to alex@new.example |",
                "| `default/frank` | refused: Stalled/NotAGuest | User id-3 has userType Member \\| not a guest\\nsecond line |");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TEXT, refused at apply: a.yaml:7: bad: spec.desiredEmail: Required value",
            "MARKDOWN, **Refused at apply**"})
    void resourcesTheApiServerRefusesAreListedFirst(PlanReport report, String expected) {
        String rendered = report.render(plan("CHANGE"), List.of(new ManifestProblem(Path.of("a.yaml"), 7, "bad",
                "spec.desiredEmail", "Required value")));
        assertThat(rendered).contains(expected);
    }

    private static Plan plan(String actions) {
        return new Plan(java.util.Arrays.stream(actions.split(",")).map(name -> switch (name.trim()) {
            case "CHANGE" -> CHANGE;
            case "RESET_ONLY" -> RESET_ONLY;
            case "REFUSED" -> REFUSED;
            case "NOTHING" -> NOTHING;
            default -> ERROR;
        }).toList());
    }
}
