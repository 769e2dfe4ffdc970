package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The sample pull-request job (examples/ci/github-actions.yaml) runs validate and plan as the
 * docs/gitops.md describes, and its validate step, run here on the examples, passes.
 */
class CiExampleTest {

    private static final Path WORKFLOW = Path.of("examples/ci/github-actions.yaml");
    private static final Pattern JAR_CALL = Pattern.compile("java -jar grr\\.jar (\\w+) (.*)");

    @Test
    @SuppressWarnings("unchecked")
    void theJobValidatesWithAnnotationsThenPlansAsMarkdownWithoutASecret() throws IOException {
        Map<String, Object> workflow = new Yaml().load(Files.readString(WORKFLOW));
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("validate-and-plan");
        List<String> calls = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
            Object run = step.get("run");
            if (run != null) {
                Matcher matcher = JAR_CALL.matcher(run.toString());
                while (matcher.find()) {
                    calls.add(matcher.group(1) + " " + matcher.group(2));
                }
            }
        }
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).startsWith("validate --output github");
        assertThat(calls.get(1)).startsWith("plan --output markdown");
        assertThat(Files.readString(WORKFLOW)).contains("AZURE_FEDERATED_TOKEN_FILE", "id-token: write")
                .doesNotContain("AZURE_CLIENT_SECRET");

        CliRun validate = CliRun.of("validate", "--output", "github", "examples");
        assertThat(validate.exitCode()).as(validate.stdout()).isZero();
        assertThat(validate.stdout()).doesNotContain("::error");
    }
}
