package io.guestops.grr.csvimport;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column holds what, by header name: the project's own names (userId, email, desiredEmail,
 * name) and those of the Entra admin center's user export (id, mail, ...), compared without case,
 * spaces, dashes or underscores. Unknown columns are ignored.
 */
record ImportColumns(int userId, int email, int desiredEmail, int name) {

    private static final Map<String, List<String>> ALIASES = Map.of(
            "userId", List.of("userid", "id", "objectid"),
            "email", List.of("email", "mail", "currentemail", "currentmail"),
            "desiredEmail", List.of("desiredemail", "newemail", "newmail", "newaddress"),
            "name", List.of("name", "resourcename"));

    static ImportColumns of(List<String> header) {
        ImportColumns columns = new ImportColumns(find(header, "userId"), find(header, "email"), find(header, "desiredEmail"),
                find(header, "name"));
        if (columns.desiredEmail < 0) {
            throw new CsvTable.MalformedCsv("line 1: no desiredEmail column (one of desiredEmail, newEmail, newMail); header: "
                    + String.join(",", header));
        }
        if (columns.userId < 0 && columns.email < 0) {
            throw new CsvTable.MalformedCsv("line 1: no column naming the guest (userId/id/objectId or email/mail); header: "
                    + String.join(",", header));
        }
        return columns;
    }

    ImportRow row(CsvTable.Record record) {
        return new ImportRow(record.line(), cell(record, userId), cell(record, email), cell(record, desiredEmail), cell(record, name));
    }

    private static String cell(CsvTable.Record record, int column) {
        if (column < 0 || column >= record.cells().size()) {
            return null;
        }
        String value = record.cells().get(column).trim();
        return value.isEmpty() ? null : value;
    }

    private static int find(List<String> header, String meaning) {
        List<String> aliases = ALIASES.get(meaning);
        for (int i = 0; i < header.size(); i++) {
            String normalized = header.get(i).toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
            if (aliases.contains(normalized)) {
                return i;
            }
        }
        return -1;
    }
}
