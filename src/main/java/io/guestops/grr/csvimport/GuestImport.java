package io.guestops.grr.csvimport;

import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.manifest.ManifestProblem;
import io.guestops.grr.manifest.ManifestReader;
import io.guestops.grr.manifest.ManifestValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * `import`: a spreadsheet of guests and their new addresses to one GuestRedemptionReset file per
 * row. Every file is checked with the same validator as `validate` before it is kept; rows that
 * cannot become a valid resource (no address, a malformed one, a guest named twice, a mail that
 * matches no user or several) are listed by line instead.
 */
public final class GuestImport {

    /** A row that became no file, and why. */
    public record BadRow(int line, String message) {}

    /** A resource file to write: its name and its text. */
    public record ResourceFile(String fileName, String yaml, int line) {}

    /** What the sheet turned into. */
    public record Result(List<ResourceFile> files, List<BadRow> badRows, int rows) {}

    private final ManifestValidator validator;
    private final GraphGateway tenant;
    private final String namespace;

    /**
     * @param tenant    resolves mails to object ids; null to keep rows as the sheet names them
     * @param namespace the namespace to write into the files, or null to leave it to the applier
     */
    public GuestImport(ManifestValidator validator, GraphGateway tenant, String namespace) {
        this.validator = validator;
        this.tenant = tenant;
        this.namespace = namespace;
    }

    /** @throws CsvTable.MalformedCsv when the file is not a CSV with the needed columns */
    public Result convert(String source, String csvText) {
        CsvTable table = CsvTable.parse(csvText);
        ImportColumns columns = ImportColumns.of(table.header());
        List<ResourceFile> files = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        Map<String, Integer> guests = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (CsvTable.Record record : table.records()) {
            ImportRow row = columns.row(record);
            List<String> notes = new ArrayList<>();
            Optional<String> problem = complete(row);
            if (problem.isEmpty()) {
                ResolvedRow resolved = resolve(row, notes);
                if (resolved.problem() != null) {
                    problem = Optional.of(resolved.problem());
                } else {
                    row = resolved.row();
                    Integer first = guests.putIfAbsent(row.guestKey(), row.line());
                    if (first != null) {
                        problem = Optional.of("names the same guest as line " + first
                                + "; the operator would act on only one of them (one resource per guest)");
                    }
                }
            }
            if (problem.isEmpty()) {
                ResourceFile file = render(source, row, notes);
                problem = validationProblem(file);
                Integer sameName = problem.isEmpty() ? names.putIfAbsent(file.fileName(), row.line()) : null;
                if (sameName != null) {
                    problem = Optional.of("its resource name " + file.fileName().replace(".yaml", "") + " is also line " + sameName + "'s");
                }
                if (problem.isEmpty()) {
                    files.add(file);
                }
            }
            problem.ifPresent(p -> bad.add(new BadRow(record.line(), oneLine(p))));
        }
        return new Result(List.copyOf(files), List.copyOf(bad), table.records().size());
    }

    private static Optional<String> complete(ImportRow row) {
        if (row.desiredEmail() == null) {
            return Optional.of("no desiredEmail");
        }
        if (row.userId() == null && row.email() == null) {
            return Optional.of("names no guest: set userId (or id) or email (or mail)");
        }
        return Optional.empty();
    }

    private record ResolvedRow(ImportRow row, String problem) {}

    /** The guest by object id: as the sheet gives it, or looked up by mail when a tenant is given. */
    private ResolvedRow resolve(ImportRow row, List<String> notes) {
        if (row.userId() != null) {
            if (row.email() != null) {
                notes.add("The sheet also gives mail " + row.email() + "; the object id names the guest.");
            }
            return new ResolvedRow(new ImportRow(row.line(), row.userId(), null, row.desiredEmail(), row.name()), null);
        }
        if (tenant == null) {
            return new ResolvedRow(row, null);
        }
        GraphResult<List<GuestUser>> found = tenant.findUsersByMail(row.email());
        if (!found.isSuccess()) {
            return new ResolvedRow(row, "looking up mail " + row.email() + " failed: " + found.failure().describe());
        }
        List<GuestUser> users = found.value();
        if (users.isEmpty()) {
            return new ResolvedRow(row, "no user in the tenant has mail " + row.email());
        }
        if (users.size() > 1) {
            return new ResolvedRow(row, users.size() + " users have mail " + row.email() + " ("
                    + users.stream().map(GuestUser::id).collect(Collectors.joining(", ")) + "); put the right object id in the sheet");
        }
        notes.add("The sheet names the guest by mail " + row.email() + "; the tenant resolved it to this object id.");
        return new ResolvedRow(new ImportRow(row.line(), users.get(0).id(), null, row.desiredEmail(), row.name()), null);
    }

    private ResourceFile render(String source, ImportRow row, List<String> notes) {
        String name = row.name() != null ? row.name() : ImportRowNames.derive(row);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        Map<String, Object> guest = new LinkedHashMap<>();
        if (row.userId() != null) {
            guest.put("userId", row.userId());
        } else {
            guest.put("email", row.email());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("guest", guest);
        spec.put("desiredEmail", row.desiredEmail());
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", ManifestValidator.GROUP + "/v1alpha1");
        resource.put("kind", ManifestValidator.KIND);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        StringBuilder yaml = new StringBuilder("# Imported from " + oneLine(source) + " line " + row.line()
                + " by `guest-redemption-operator import`.\n");
        notes.forEach(note -> yaml.append("# ").append(oneLine(note)).append('\n'));
        yaml.append(YAML.dump(resource));
        return new ResourceFile(name + ".yaml", yaml.toString(), row.line());
    }

    private Optional<String> validationProblem(ResourceFile file) {
        ManifestReader.Manifests manifests = new ManifestReader.Manifests(
                ManifestReader.parse(Path.of(file.fileName()), file.yaml()), List.of());
        List<ManifestProblem> problems = validator.validate(manifests, "default").problems();
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static final Yaml YAML = yaml();

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options);
    }

}
