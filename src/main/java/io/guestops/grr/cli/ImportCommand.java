package io.guestops.grr.cli;

import io.guestops.grr.csvimport.CsvTable;
import io.guestops.grr.csvimport.GuestImport;
import io.guestops.grr.csvimport.ImportFiles;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.manifest.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * `import CSV --out DIR`: a spreadsheet of guests and their new addresses to one resource file per
 * row. With a tenant, mails are resolved to object ids. Bad rows are listed by line; exit 1 when
 * there are any (the good rows are still written).
 */
final class ImportCommand {

    static final String USAGE = """
            Usage: import FILE.csv --out DIR [options]
              One GuestRedemptionReset file per row, each checked as `validate` checks it. Columns (header row,
              any order, case and spaces ignored): userId (or id, objectId) or email (or mail), desiredEmail
              (or newEmail), optional name. The Entra admin center's user export works once a desiredEmail
              column is added. Rows that cannot become a valid resource are listed with their line; the
              files appear all at once (written elsewhere first, then moved). Exit 0 all rows, 1 bad rows.
              --out DIR                 where the files go (created if missing; files of the same name are replaced)
              --namespace NS            metadata.namespace of every resource (default: none, the applier decides)
              tenant, as for `run`:     --tenant-id, --client-id, ... resolves mails to object ids and lists rows
                                        whose mail matches no user or several
            """;

    private static final Set<String> VALUED = RunCommand.union(GraphOptions.VALUED, Set.of("out", "namespace"));

    private ImportCommand() {
    }

    static int run(String[] argv) throws IOException {
        Arguments args = Arguments.parse(argv, VALUED, Set.of(), true);
        if (args.operands().size() != 1) {
            throw new Arguments.UsageError("name exactly one CSV file");
        }
        Path csv = Path.of(args.operands().get(0));
        if (!Files.isReadable(csv)) {
            throw new Arguments.UsageError("cannot read " + csv);
        }
        String out = args.value("out", null);
        if (out == null) {
            throw new Arguments.UsageError("--out DIR is required");
        }
        GuestImport.Result result;
        try (GraphGateway tenant = GraphOptions.present(args) ? GraphGateways.create(GraphOptions.connection(args)) : null) {
            result = new GuestImport(ManifestValidator.forProjectCrd(List.of()), tenant, args.value("namespace", null))
                    .convert(csv.toString(), Files.readString(csv));
        } catch (CsvTable.MalformedCsv e) {
            System.err.println("error: " + csv + ": " + e.getMessage());
            return 1;
        }
        ImportFiles.write(Path.of(out), result.files());
        result.badRows().forEach(bad -> System.out.println(csv + ":" + bad.line() + ": " + bad.message()));
        System.out.println("Wrote " + result.files().size() + " resource file(s) to " + out + " from " + result.rows() + " row(s)"
                + (result.badRows().isEmpty() ? "." : "; " + result.badRows().size() + " bad row(s) listed above."));
        return result.badRows().isEmpty() ? 0 : 1;
    }
}
