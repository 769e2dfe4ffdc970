package io.guestops.grr.csvimport;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as RFC 4180 has it (quoted fields, doubled quotes, line breaks inside quotes), each
 * record with the line it starts on, so a bad row can be named by its line.
 */
public record CsvTable(List<String> header, List<Record> records) {

    /** One data row and the 1-based line it starts on. */
    public record Record(int line, List<String> cells) {}

    /** Raised for text that is not CSV (an unterminated quote); names the line. */
    public static final class MalformedCsv extends RuntimeException {
        public MalformedCsv(String message) {
            super(message);
        }
    }

    public static CsvTable parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text; // Excel writes a byte-order mark
        List<Record> rows = new Parser(body).rows();
        if (rows.isEmpty()) {
            throw new MalformedCsv("the file is empty: expected a header row");
        }
        List<Record> data = rows.subList(1, rows.size()).stream()
                .filter(r -> !(r.cells().size() == 1 && r.cells().get(0).isBlank())).toList();
        return new CsvTable(rows.get(0).cells(), data);
    }

    private static final class Parser {
        private final String text;
        private int position;
        private int line = 1;

        Parser(String text) {
            this.text = text;
        }

        List<Record> rows() {
            List<Record> rows = new ArrayList<>();
            while (position < text.length()) {
                int start = line;
                rows.add(new Record(start, record()));
            }
            return rows;
        }

        private List<String> record() {
            List<String> cells = new ArrayList<>();
            while (true) {
                cells.add(field());
                if (position >= text.length()) {
                    return cells;
                }
                char next = text.charAt(position++);
                if (next == ',') {
                    continue;
                }
                if (next == '\r' && position < text.length() && text.charAt(position) == '\n') {
                    position++;
                }
                line++;
                return cells;
            }
        }

        private String field() {
            if (position < text.length() && text.charAt(position) == '"') {
                return quoted();
            }
            int start = position;
            while (position < text.length() && ",\r\n".indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return text.substring(start, position).trim();
        }

        private String quoted() {
            int openedOn = line;
            StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    if (position < text.length() && text.charAt(position) == '"') {
                        value.append('"');
                        position++;
                        continue;
                    }
                    while (position < text.length() && text.charAt(position) == ' ') {
                        position++;
                    }
                    return value.toString().trim();
                }
                if (c == '\n') {
                    line++;
                }
                value.append(c);
            }
            throw new MalformedCsv("line " + openedOn + ": a quoted field is never closed");
        }
    }
}
