package io.guestops.grr.cli;

import io.guestops.grr.manifest.ManifestReader;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.manifest.PolicyRules;
import io.guestops.grr.manifest.ResourceCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * `validate FILE|DIR...`: offline, no cluster and no tenant. Every GuestRedemptionReset in the
 * files is checked as the API server checks it (metadata, the CRD schema, its CEL rules, unknown
 * fields) and as the operator checks it ({@code SpecValidator}); each problem is reported with file
 * and line. Exit 0 when all are valid, 1 otherwise.
 */
final class ValidateCommand {

    static final String USAGE = """
            Usage: validate FILE|DIR... [options]
              Checks every GuestRedemptionReset in the files (directories: every .yaml/.yml below them,
              multi-document files included) offline: the CRD's schema and CEL rules as the API server
              applies them, unknown fields, names, and the operator's own spec checks. Exit 0 valid, 1 not.
              --output text|json|github|gitlab  problems as lines (default), JSON, GitHub annotations
                                                (::error file=F,line=L::...), or a GitLab Code Quality report
              --namespace NS                    namespace of resources that name none (default "default")
              --policies PATH[,PATH]            GuestRedemptionPolicy manifests (and the Namespace manifests whose
                                                labels they select on): also judge every policy rule that needs no
                                                tenant (namespace, connection, invitation, desired domain)
            """;

    private static final Set<String> VALUED = Set.of(ProblemReport.OPTION, "namespace", "policies");

    private ValidateCommand() {
    }

    static int run(String[] argv) {
        Arguments args = Arguments.parse(argv, VALUED, Set.of(), true);
        ProblemReport report = ProblemReport.of(args.value(ProblemReport.OPTION, "text"));
        List<Path> files = files(args);
        String namespace = args.value("namespace", "default");
        ManifestValidator.Result result = validate(files, namespace, policyChecks(args, namespace));
        System.out.print(report.render(result, files.size()));
        return result.passed() ? 0 : 1;
    }

    /** The .yaml files the operands name. */
    static List<Path> files(Arguments args) {
        if (args.operands().isEmpty()) {
            throw new Arguments.UsageError("name at least one FILE or DIR");
        }
        try {
            return ManifestReader.yamlFiles(args.operands().stream().map(Path::of).toList());
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError(e.getMessage());
        }
    }

    static ManifestValidator.Result validate(List<Path> files, String defaultNamespace) {
        return validate(files, defaultNamespace, List.of());
    }

    static ManifestValidator.Result validate(List<Path> files, String defaultNamespace, List<ResourceCheck> extraChecks) {
        return ManifestValidator.forProjectCrd(extraChecks).validate(ManifestReader.read(files), defaultNamespace);
    }

    /** The policy rules of {@code --policies}, or none. */
    private static List<ResourceCheck> policyChecks(Arguments args, String defaultNamespace) {
        String paths = args.value("policies", null);
        if (paths == null) {
            return List.of();
        }
        List<Path> files;
        try {
            files = ManifestReader.yamlFiles(java.util.Arrays.stream(paths.split(",")).map(String::trim).map(Path::of).toList());
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("--policies: " + e.getMessage());
        }
        PolicyRules rules = PolicyRules.from(ManifestReader.read(files), defaultNamespace);
        if (rules.policyCount() == 0) {
            throw new Arguments.UsageError("--policies " + paths + " holds no GuestRedemptionPolicy");
        }
        return List.of(rules);
    }
}
