package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.manifest.ManifestProblem;
import io.guestops.grr.manifest.ManifestReader;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The bad-input corpus at the door: every case applied with kubectl to the real API server (its own
 * structural schema and CEL evaluation of crds/), to the embedded API, and checked by `validate`.
 * The three must give the verdict the case's annotations state (refused, naming the field, or
 * accepted for the operator to judge), so our validator and embedded API cannot drift from the API
 * server they stand in for.
 */
class BadInputAtApplyTest {

    private static final String ANNOTATION = "corpus.guestops.io/";

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    /** The embedded API and its kubectl; its folder holds the cases' manifests. */
    @RegisterExtension
    static final KubectlFixture EMBEDDED = new KubectlFixture();
    private static Kubectl realKubectl;

    /** One document of the corpus, and the verdict at apply its annotations state. */
    record Case(String name, boolean refused, String field, String note, Map<String, Object> document) {
        @Override
        public String toString() {
            return name + " (" + note + ") -> " + (refused ? "refused naming " + field : "accepted");
        }
    }

    /** What one judge said of a case: refused (with its words, and validate's problems) or accepted. */
    record Verdict(boolean refused, String words, List<ManifestProblem> problems) {
    }

    @BeforeAll
    static void kubectlForTheRealServer() {
        realKubectl = new Kubectl(KUBE.kubeconfig(), EMBEDDED.dir().resolve("real-cache"));
    }

    static Stream<Case> corpus() {
        return TestResources.yamlDocuments("/bad-input/corpus.yaml").stream().map(BadInputAtApplyTest::caseOf);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theRealApiServerTheEmbeddedApiAndValidateGiveTheStatedVerdict(Case corpusCase) throws IOException {
        Path file = EMBEDDED.dir().resolve(corpusCase.name() + ".yaml");
        Files.writeString(file, yaml(corpusCase.document()));

        Verdict real = applied(realKubectl, file);
        Verdict embeddedApi = applied(EMBEDDED.kubectl(), file);
        Verdict validate = validated(file);

        assertStated(corpusCase, "the real API server", real);
        assertStated(corpusCase, "the embedded API", embeddedApi);
        assertStated(corpusCase, "validate", validate);
        assertThat(embeddedApi.words()).as("kubectl prints the same for the embedded API as for the real one")
                .isEqualTo(real.words());
        validate.problems().forEach(problem -> assertThat(real.words()).as("validate's problem, as the API server words it")
                .contains(problem.field(), problem.message()));
    }

    private static void assertStated(Case corpusCase, String judge, Verdict verdict) {
        assertThat(verdict.refused()).as(judge + " refused? " + verdict.words()).isEqualTo(corpusCase.refused());
        if (corpusCase.refused()) {
            assertThat(verdict.words()).as(judge + " names the field").contains(corpusCase.field());
        }
    }

    private static Verdict applied(Kubectl kubectl, Path file) {
        Kubectl.Result result = kubectl.run("apply", "-n", "default", "-f", file.toString());
        return new Verdict(result.exitCode() != 0, result.all(), List.of());
    }

    private static Verdict validated(Path file) {
        ManifestValidator.Result result = ManifestValidator.forProjectCrd(List.of())
                .validate(ManifestReader.read(List.of(file)), "default");
        List<String> problems = result.refusedAtApply().stream().map(p -> p.field() + ": " + p.message()).toList();
        return new Verdict(!result.refusedAtApply().isEmpty(), String.join("\n", problems), result.refusedAtApply());
    }

    @SuppressWarnings("unchecked")
    private static Case caseOf(Map<String, Object> document) {
        Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
        Map<String, String> annotations = (Map<String, String>) metadata.get("annotations");
        return new Case((String) metadata.get("name"), "refused".equals(annotations.get(ANNOTATION + "expect")),
                annotations.get(ANNOTATION + "field"), annotations.get(ANNOTATION + "note"), document);
    }

    private static String yaml(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(document);
    }
}
