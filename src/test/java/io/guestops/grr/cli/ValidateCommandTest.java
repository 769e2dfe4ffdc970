package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `validate`: offline, every problem the API server (schema, CEL rules, unknown fields) or the
 * operator's spec checks would find, placed at its file and line, in each output format.
 */
class ValidateCommandTest {

    private static final Path CORPUS = Path.of("src/test/resources/bad-input/corpus.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun corpusAsJson;

    @TempDir
    Path dir;

    /** One run over the whole corpus serves every case. */
    private static synchronized CliRun corpusAsJson() {
        if (corpusAsJson == null) {
            corpusAsJson = CliRun.of("validate", "--output", "json", CORPUS.toString());
        }
        return corpusAsJson;
    }

    /** A corpus document the API server or the operator's spec check refuses, and the field it names. */
    record Refused(String name, String field, int firstLine, int lastLine) {}

    /** The corpus's "refused" cases (and its one Stalled/InvalidSpec), with the lines their document spans. */
    static Stream<Refused> refusedCases() throws IOException {
        List<String> lines = Files.readAllLines(CORPUS);
        List<Refused> cases = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            if (i == lines.size() || lines.get(i).equals("---")) {
                List<String> document = lines.subList(start, i);
                String expect = value(document, "corpus.guestops.io/expect");
                if ("refused".equals(expect) || "Stalled/InvalidSpec".equals(expect)) {
                    String field = value(document, "corpus.guestops.io/field");
                    cases.add(new Refused(value(document, "name"), field == null ? "spec" : field, start + 1, i));
                }
                start = i + 1;
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCases")
    void everyRefusedCorpusCaseIsFlaggedAtItsFieldsLine(Refused refused) throws IOException {
        CliRun run = corpusAsJson();
        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> problems = new ArrayList<>();
        JSON.readTree(run.stdout()).path("problems").forEach(p -> {
            if (p.path("resource").asText().equals(refused.name())) {
                problems.add(p);
            }
        });
        assertThat(problems).as(refused.name()).isNotEmpty();
        List<String> lines = Files.readAllLines(CORPUS);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path("file").asText()).isEqualTo(CORPUS.toString());
            assertThat(p.path("field").asText()).contains(refused.field());
            int line = p.path("line").asInt();
            assertThat(line).isBetween(refused.firstLine(), refused.lastLine());
            // the line holds the field itself, or (for a missing field) the nearest enclosing one, or the document's start
            List<String> keys = new ArrayList<>(List.of("apiVersion:", "- "));
            for (String segment : p.path("field").asText().split("\\.")) {
                keys.add(segment.replaceAll("\\[\\d+]", "") + ":");
            }
            assertThat(lines.get(line - 1)).as("line %d", line).containsAnyOf(keys.toArray(String[]::new));
        });
    }

    @Test
    void theExamplesAreValid() {
        CliRun run = CliRun.of("validate", "examples");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("5 GuestRedemptionReset(s)", "valid");
    }

    @Test
    void multiDocumentFilesAreReadDocumentByDocumentWithTheirOwnLines() throws IOException {
        Path file = dir.resolve("two.yaml");
        // The broken desiredEmail is the file's line 14: the second document's 6th, after "---" and a comment.
        Files.writeString(file, resetDocument("{name: fine}", "a@partner.example", "a@new.example")
                + "---\n# the second one\n" + resetDocument("{name: broken}", "b@partner.example", "not-an-email"));
        CliRun run = CliRun.of("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith(file + ":14: broken: spec.desiredEmail: Invalid value: \"not-an-email\"")
                .contains("2 GuestRedemptionReset(s) in 1 file(s): 1 problem(s)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not YAML at all   | 'kind: [unclosed'                                                    | 1 | not valid YAML",
            "duplicate names   | 'apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionReset\nmetadata:\n  name: a\nspec:\n  guest: {email: a@b.example}\n  desiredEmail: c@d.example\n---\napiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionReset\nmetadata:\n  name: a\nspec:\n  guest: {email: e@b.example}\n  desiredEmail: f@d.example' | 12 | duplicate: default/a is also defined at",
            "bad name          | 'apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionReset\nmetadata:\n  name: Alex_1\nspec:\n  guest: {email: a@b.example}\n  desiredEmail: c@d.example' | 4 | a lowercase RFC 1123 subdomain",
            "unserved version  | 'apiVersion: guestops.io/v9\nkind: GuestRedemptionReset\nmetadata:\n  name: a\nspec: {}' | 1 | no served version guestops.io/v9",
    })
    void documentLevelProblemsAreFlaggedWithTheirLine(String title, String yaml, int line, String message) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n"));
        CliRun run = CliRun.of("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains(file + ":" + line + ": ").contains(message);
    }

    @Test
    void githubOutputIsOneWorkflowCommandPerProblemWithFileAndLine() throws IOException {
        CliRun run = CliRun.of("validate", "--output", "github", CORPUS.toString());
        List<String> commands = run.stdout().lines().filter(l -> l.startsWith("::error ")).toList();
        Pattern command = Pattern.compile("::error file=([^,]+),line=(\\d+),title=GuestRedemptionReset ([^:]*)::(.+)");
        assertThat(commands).hasSizeGreaterThan(38).allSatisfy(line -> {
            Matcher matcher = command.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            assertThat(matcher.group(1)).isEqualTo(CORPUS.toString());
        });
        assertThat(commands).anyMatch(l -> l.contains("c10-schema::spec.desiredEmial: unknown field"));
        assertThat(commands).as("a line break in a value cannot start a forged command")
                .anyMatch(l -> l.contains("c32-hostile-string") && l.contains("%0A") || l.contains("\\n"));
        assertThat(run.stdout().lines()).noneMatch(l -> l.startsWith("INFO forged"));
    }

    @Test
    void gitlabOutputIsACodeQualityReport() throws IOException {
        CliRun run = CliRun.of("validate", "--output", "gitlab", CORPUS.toString());
        JsonNode report = JSON.readTree(run.stdout());
        assertThat(report.isArray()).isTrue();
        assertThat(report.size()).isGreaterThan(38);
        JsonNode first = report.get(0);
        assertThat(first.path("location").path("path").asText()).isEqualTo(CORPUS.toString());
        assertThat(first.path("location").path("lines").path("begin").asInt()).isPositive();
        assertThat(first.path("fingerprint").asText()).hasSize(64);
        assertThat(first.path("severity").asText()).isEqualTo("major");
        List<String> fingerprints = new ArrayList<>();
        report.forEach(issue -> fingerprints.add(issue.path("fingerprint").asText()));
        assertThat(fingerprints).doesNotHaveDuplicates();
    }

    /** The guardrail policies, when given, judge every rule that needs no tenant, with the resource's line. */
    @Test
    void policiesGivenJudgeNamespaceConnectionAndDesiredDomainOffline() throws IOException {
        Path resources = dir.resolve("resources.yaml");
        // The second document's spec is the file's line 11.
        Files.writeString(resources, String.join("---\n",
                resetDocument("{name: allowed, namespace: default}", "alex@fabrikam.com", "alex.wilber@outlook.com"),
                resetDocument("{name: domain-not-allowed, namespace: default}", "bob@fabrikam.com", "bob@elsewhere.example"),
                resetDocument("{name: no-policy-here, namespace: team-x}", "carl@fabrikam.com", "carl@outlook.com")));
        CliRun run = CliRun.of("validate", "--policies", "examples/00-policy.yaml", resources.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains(resources + ":11: domain-not-allowed: spec: would end Stalled/PolicyDenied")
                .contains("PolicyDenied").contains("no-policy-here").contains("No GuestRedemptionPolicy selects namespace 'team-x'")
                .doesNotContain(": allowed: ");
        assertThat(CliRun.of("validate", "--policies", "examples/00-policy.yaml", "examples").exitCode()).isZero();
    }

    @Test
    void noFilesIsAUsageError() {
        CliRun run = CliRun.of("validate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("name at least one FILE or DIR");
    }

    /** A GuestRedemptionReset as a YAML document of six lines, the guest named by mail. */
    private static String resetDocument(String metadata, String guestEmail, String desiredEmail) {
        return """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata: %s
                spec:
                  guest: {email: %s}
                  desiredEmail: %s
                """.formatted(metadata, guestEmail, desiredEmail);
    }

    private static String value(List<String> document, String key) {
        return document.stream().map(String::trim).filter(l -> l.startsWith(key + ":")).findFirst()
                .map(l -> l.substring(key.length() + 1).trim()).orElse(null);
    }
}
