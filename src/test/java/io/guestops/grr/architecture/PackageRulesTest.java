package io.guestops.grr.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/development.md, checked on the compiled classes: packages depend on each
 * other in one direction only, each layer only on the layers below it, and no class of the runtime
 * jar (what `run` and the container image carry) reaches the Graph emulator, the embedded Kubernetes,
 * the mock server or a dev command. The runtime jar's exclusions are read from pom.xml, so the
 * build and this test share one list.
 */
class PackageRulesTest {

    static final String ROOT = "io.guestops.grr";
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void packagesDependOnEachOtherInOneDirectionOnly() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("command line").definedBy(ROOT + ".cli..")
                .layer("tools").definedBy(ROOT + ".embedded..", ROOT + ".plan..", ROOT + ".csvimport..", ROOT + ".metrics..")
                .layer("resource files").definedBy(ROOT + ".manifest..")
                .layer("kubernetes").definedBy(ROOT + ".kube..")
                .layer("decision").definedBy(ROOT + ".decision..")
                .layer("schema").definedBy(ROOT + ".schema..")
                .layer("graph").definedBy(ROOT + ".graph..")
                .layer("emulator").definedBy(ROOT + ".emulator..")
                .layer("model").definedBy(ROOT + ".model..")
                .whereLayer("command line").mayNotBeAccessedByAnyLayer()
                .whereLayer("tools").mayOnlyBeAccessedByLayers("command line", "tools")
                .whereLayer("resource files").mayOnlyBeAccessedByLayers("command line", "tools")
                .whereLayer("kubernetes").mayOnlyBeAccessedByLayers("command line", "tools")
                .whereLayer("decision").mayOnlyBeAccessedByLayers("command line", "tools", "resource files", "kubernetes")
                .whereLayer("schema").mayOnlyBeAccessedByLayers("command line", "tools", "resource files")
                .whereLayer("graph").mayOnlyBeAccessedByLayers("command line", "tools", "resource files", "kubernetes", "decision")
                .whereLayer("emulator").mayOnlyBeAccessedByLayers("command line", "tools")
                .check(PRODUCT);
    }

    @Test
    void theDecisionsRoomsUseOnlyTheRoomsBelowThem() {
        String decision = ROOT + ".decision";
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("the decision").definedBy(decision)
                .layer("outcomes").definedBy(decision + ".outcome..")
                .layer("ownership and policies").definedBy(decision + ".ownership..", decision + ".policy..")
                .layer("vocabulary").definedBy(decision + ".step..", decision + ".facts..", decision + ".spec..")
                .whereLayer("the decision").mayNotBeAccessedByAnyLayer()
                .whereLayer("outcomes").mayOnlyBeAccessedByLayers("the decision")
                .whereLayer("ownership and policies").mayOnlyBeAccessedByLayers("the decision", "outcomes")
                .check(PRODUCT);
        slices().matching(decision + ".(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void theGraphRoomsUseOnlyTheRoomsBelowThem() {
        String graph = ROOT + ".graph";
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy(graph)
                .layer("credentials").definedBy(graph + ".auth..")
                .layer("sdk adapter").definedBy(graph + ".sdk..")
                .layer("budget and pacing").definedBy(graph + ".budget..")
                .layer("gateway").definedBy(graph + ".gateway..")
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("credentials").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("sdk adapter").mayOnlyBeAccessedByLayers("wiring", "credentials")
                .whereLayer("budget and pacing").mayOnlyBeAccessedByLayers("wiring", "sdk adapter")
                .check(PRODUCT);
    }

    @Test
    void onlyTheWiringReachesTheGraphSdkAdapter() {
        // the rest of the operator sees Graph through the gateway's interface and value types
        noClasses().that().resideOutsideOfPackages(ROOT + ".graph..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".graph.sdk..", ROOT + ".graph.auth..")
                .check(PRODUCT);
    }

    @Test
    void theRuntimeJarReachesNoDevTool() throws IOException {
        DescribedPredicate<JavaClass> devOnly = devOnlyClasses();
        noClasses().that(DescribedPredicate.not(devOnly)).should().dependOnClassesThat(devOnly
                        .or(JavaClass.Predicates.resideInAnyPackage("io.fabric8.kubernetes.client.server.mock..",
                                "io.fabric8.mockwebserver..", "okhttp3.mockwebserver..")))
                .because("the runtime jar leaves them out (pom.xml, runtime-jar), so a runtime class that uses one fails in production")
                .check(PRODUCT);
    }

    /** The classes pom.xml's runtime-jar execution leaves out ({@code <exclude>io/guestops/grr/...</exclude>}). */
    static DescribedPredicate<JavaClass> devOnlyClasses() throws IOException {
        List<Pattern> excluded = runtimeJarExclusions(Files.readString(Path.of("pom.xml")));
        return DescribedPredicate.describe("left out of the runtime jar " + excluded, javaClass -> excluded.stream()
                .anyMatch(pattern -> pattern.matcher(javaClass.getName().replace('.', '/')).matches()));
    }

    static List<Pattern> runtimeJarExclusions(String pom) {
        int start = pom.indexOf("<id>runtime-jar</id>");
        int end = pom.indexOf("</execution>", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("pom.xml has no runtime-jar execution");
        }
        Matcher exclude = Pattern.compile("<exclude>(io/guestops/grr/[^<]+)</exclude>").matcher(pom.substring(start, end));
        List<Pattern> patterns = new java.util.ArrayList<>();
        while (exclude.find()) {
            // shade's patterns: ** any path, * any name part; a class's inner classes come with it
            String glob = exclude.group(1).replace(".class", "");
            patterns.add(Pattern.compile(glob.replace("**", "\u0000").replace("*", "[^/]*").replace("\u0000", ".*") + "(\\$.*)?"));
        }
        if (patterns.isEmpty()) {
            throw new IllegalStateException("the runtime-jar execution of pom.xml excludes none of the project's classes");
        }
        return patterns;
    }
}
