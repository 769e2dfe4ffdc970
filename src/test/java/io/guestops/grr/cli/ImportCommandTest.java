package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `import`: a 1,000-row spreadsheet with bad rows becomes one file per good row that `validate`
 * accepts; the bad rows are listed by line; names are safe and the same on every run; nothing is
 * left half written.
 */
class ImportCommandTest {

    private static final int ROWS = 1_000;

    @TempDir
    Path dir;

    /** The lines (header is line 1) that must be listed as bad, with what the listing must say. */
    private static final Map<Integer, String> BAD = new TreeMap<>(Map.of(
            12, "no desiredEmail",
            101, "spec.desiredEmail",
            250, "names the same guest as line 249",
            404, "names no guest",
            777, "spec.guest.userId",
            901, "spec.desiredEmail"));

    private Path sheet() throws IOException {
        List<String> lines = new ArrayList<>(List.of("userId,desiredEmail,note"));
        for (int line = 2; line <= ROWS + 1; line++) {
            String id = "%08d-0000-4000-8000-%012d".formatted(line, line);
            lines.add(switch (line) {
                case 12 -> id + ",,forgot the address";
                case 101 -> id + ",not-an-email,typo";
                case 250 -> "%08d-0000-4000-8000-%012d".formatted(249, 249) + ",other@new.example,same guest again";
                case 404 -> ",someone@new.example,no guest";
                case 777 -> "alex,alex@new.example,a name instead of an id";
                case 901 -> id + ",\"guest" + line + "@new.example\nINFO forged\",a line break in a quoted cell";
                default -> id + ",\"Guest." + line + "@New.Example\",\"fine, with a comma\"";
            });
        }
        Path csv = dir.resolve("guests.csv");
        // line 901's quoted cell spans two physical lines: the rows after it start one line later
        Files.writeString(csv, String.join("\r\n", lines) + "\r\n");
        return csv;
    }

    @Test
    void aThousandRowsWithBadRowsBecomeValidFilesAndTheBadRowsAreListedByLine() throws IOException {
        Path csv = sheet();
        Path out = dir.resolve("resources");
        CliRun run = CliRun.of("import", csv.toString(), "--out", out.toString(), "--namespace", "guests");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        List<String> listed = run.stdout().lines().filter(l -> l.startsWith(csv + ":")).toList();
        assertThat(listed).hasSize(BAD.size());
        BAD.forEach((line, says) -> assertThat(listed).anySatisfy(l -> assertThat(l).startsWith(csv + ":" + line + ": ").contains(says)));
        assertThat(run.stdout()).contains("Wrote " + (ROWS - BAD.size()) + " resource file(s)", ROWS + " row(s)");
        assertThat(run.stdout().lines()).noneMatch(l -> l.startsWith("INFO forged"));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.toList()).hasSize(ROWS - BAD.size());
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).as("no staging directory left")
                    .containsExactlyInAnyOrder("guests.csv", "resources");
        }

        CliRun validated = CliRun.of("validate", out.toString());
        assertThat(validated.exitCode()).as(validated.stdout()).isZero();
        assertThat(validated.stdout()).contains((ROWS - BAD.size()) + " GuestRedemptionReset(s)", "valid");
    }

    @Test
    void eachFileSaysWhichRowItCameFromAndHasADeterministicSafeName() throws IOException {
        Path csv = sheet();
        CliRun.of("import", csv.toString(), "--out", dir.resolve("first").toString());
        CliRun.of("import", csv.toString(), "--out", dir.resolve("second").toString());
        List<String> first = names(dir.resolve("first"));
        assertThat(first).isEqualTo(names(dir.resolve("second")));
        assertThat(first).allSatisfy(name -> assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.yaml").hasSizeLessThanOrEqualTo(68));
        String file = Files.readString(dir.resolve("first").resolve(first.stream().filter(n -> n.startsWith("guest-3-new-example-"))
                .findFirst().orElseThrow()));
        assertThat(file).startsWith("# Imported from " + csv + " line 3 by `guest-redemption-operator import`.\n")
                .contains("userId: 00000003-0000-4000-8000-000000000003", "desiredEmail: Guest.3@New.Example")
                .doesNotContain("namespace:");
    }

    @Test
    void theEntraAdminCenterExportWorksOnceADesiredEmailColumnIsAdded() throws IOException {
        Path csv = dir.resolve("exportUsers.csv");
        Files.writeString(csv, """
                id,userPrincipalName,displayName,mail,userType,New email
                6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01,alex_fabrikam.com#EXT#@contoso.onmicrosoft.com,Alex Wilber,alex@fabrikam.com,Guest,alex.wilber@outlook.com
                """);
        CliRun run = CliRun.of("import", csv.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        String file = Files.readString(Files.list(dir.resolve("out")).findFirst().orElseThrow());
        assertThat(file).contains("userId: 6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01", "# The sheet also gives mail alex@fabrikam.com")
                .doesNotContain("email: alex@fabrikam.com");
    }

    @Test
    void aSheetWithoutTheNeededColumnsWritesNothing() throws IOException {
        Path csv = dir.resolve("wrong.csv");
        Files.writeString(csv, "who,what\nalex,new\n");
        CliRun run = CliRun.of("import", csv.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("line 1: no desiredEmail column");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
