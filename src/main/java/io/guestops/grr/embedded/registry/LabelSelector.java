package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kubernetes label selector with the API server's grammar and semantics: equality
 * ({@code a=b}, {@code a==b}, {@code a!=b}), sets ({@code a in (x,y)}, {@code a notin (x)}),
 * existence ({@code a}, {@code !a}) and {@code a>1}/{@code a<1}. The mock understands only
 * equality, so a set-based selector would select everything there.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<LabelRequirement> requirements;

    private LabelSelector(List<LabelRequirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /**
     * Parses a selector as the API server does; null or blank selects everything.
     *
     * @throws IllegalArgumentException with the API server's wording ("unable to parse requirement: ...")
     */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(new SelectorParser(selector).parse());
    }

    /** Whether the object's metadata.labels satisfy every requirement. */
    public boolean matches(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    public boolean selectsEverything() {
        return requirements.isEmpty();
    }

    /** One requirement; {@code values} is sorted and de-duplicated, as in the API server. */
    record LabelRequirement(String key, String operator, Set<String> values) {

        boolean matches(JsonNode labels) {
            JsonNode label = labels.get(key);
            boolean has = label != null && label.isTextual();
            String value = has ? label.asText() : null;
            return switch (operator) {
                case "in", "=", "==" -> has && values.contains(value);
                case "notin", "!=" -> !has || !values.contains(value);
                case "exists" -> has;
                case "!" -> !has;
                case ">", "<" -> has && compares(value);
                default -> false;
            };
        }

        private boolean compares(String value) {
            try {
                long actual = Long.parseLong(value);
                long bound = Long.parseLong(values.iterator().next());
                return operator.equals(">") ? actual > bound : actual < bound;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** The API server's lexer and recursive-descent parser (k8s.io/apimachinery/pkg/labels), error for error. */
    private static final class SelectorParser {

        private enum Token { END, CLOSED_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER, IDENTIFIER, IN, LESS,
            NOT_EQUALS, NOT_IN, OPEN_PAR, ERROR }

        private record Item(Token token, String literal) {
        }

        private final List<Item> items = new ArrayList<>();
        private int position;

        SelectorParser(String selector) {
            Lexer lexer = new Lexer(selector);
            Item item;
            do {
                item = lexer.next();
                items.add(item);
            } while (item.token() != Token.END);
        }

        List<LabelRequirement> parse() {
            List<LabelRequirement> requirements = new ArrayList<>();
            while (true) {
                Item next = lookahead(true);
                switch (next.token()) {
                    case IDENTIFIER, NOT -> {
                        try {
                            requirements.add(requirement());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
                        }
                        Item after = consume(true);
                        if (after.token() == Token.END) {
                            return requirements;
                        }
                        if (after.token() != Token.COMMA) {
                            throw new IllegalArgumentException("found '" + after.literal() + "', expected: ',' or 'end of string'");
                        }
                        Item afterComma = lookahead(true);
                        if (afterComma.token() != Token.IDENTIFIER && afterComma.token() != Token.NOT) {
                            throw new IllegalArgumentException("found '" + afterComma.literal() + "', expected: identifier after ','");
                        }
                    }
                    case END -> {
                        return requirements;
                    }
                    default -> throw new IllegalArgumentException(
                            "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private LabelRequirement requirement() {
            Item first = consume(true);
            boolean doesNotExist = first.token() == Token.NOT;
            Item key = doesNotExist ? consume(true) : first;
            if (key.token() != Token.IDENTIFIER) {
                throw new IllegalArgumentException("found '" + key.literal() + "', expected: identifier");
            }
            NameSyntax.qualifiedNameError(key.literal()).ifPresent(error ->
                    fail("<nil>: Invalid value: " + NameSyntax.quoted(key.literal()) + ": " + error));
            Token following = lookahead(true).token();
            if (doesNotExist || following == Token.END || following == Token.COMMA) {
                return new LabelRequirement(key.literal(), doesNotExist ? "!" : "exists", Set.of());
            }
            String operator = operator();
            Set<String> values = operator.equals("in") || operator.equals("notin") ? valueSet() : exactValue();
            checkValues(key.literal(), operator, values);
            return new LabelRequirement(key.literal(), operator, values);
        }

        private String operator() {
            Item item = consume(false);
            return switch (item.token()) {
                case IN -> "in";
                case NOT_IN -> "notin";
                case EQUALS -> "=";
                case DOUBLE_EQUALS -> "==";
                case NOT_EQUALS -> "!=";
                case GREATER -> ">";
                case LESS -> "<";
                default -> fail("found '" + item.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
            };
        }

        private Set<String> valueSet() {
            Item open = consume(true);
            if (open.token() != Token.OPEN_PAR) {
                fail("found '" + open.literal() + "' expected: '('");
            }
            Item next = lookahead(true);
            switch (next.token()) {
                case IDENTIFIER, COMMA -> {
                    Set<String> values = identifiers();
                    if (consume(true).token() != Token.CLOSED_PAR) {
                        fail("found '" + next.literal() + "', expected: ')'");
                    }
                    return values;
                }
                case CLOSED_PAR -> {
                    consume(true);
                    return new TreeSet<>(Set.of(""));
                }
                default -> {
                    return fail("found '" + next.literal() + "', expected: ',', ')' or identifier");
                }
            }
        }

        /** A possibly empty list of possibly empty identifiers, up to (not including) the ')'. */
        private Set<String> identifiers() {
            Set<String> values = new TreeSet<>();
            while (true) {
                Item item = consume(true);
                if (item.token() == Token.IDENTIFIER) {
                    values.add(item.literal());
                    Item next = lookahead(true);
                    if (next.token() == Token.CLOSED_PAR) {
                        return values;
                    }
                    if (next.token() != Token.COMMA) {
                        fail("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                } else if (item.token() == Token.COMMA) {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Token next = lookahead(true).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == Token.COMMA) {
                        consume(true);
                        values.add("");
                    }
                } else {
                    fail("found '" + item.literal() + "', expected: ',', or identifier");
                }
            }
        }

        private Set<String> exactValue() {
            Token next = lookahead(true).token();
            if (next == Token.END || next == Token.COMMA) {
                return new TreeSet<>(Set.of(""));
            }
            Item item = consume(true);
            if (item.token() != Token.IDENTIFIER) {
                fail("found '" + item.literal() + "', expected: identifier");
            }
            return new TreeSet<>(Set.of(item.literal()));
        }

        private static void checkValues(String key, String operator, Set<String> values) {
            List<String> errors = new ArrayList<>();
            int index = 0;
            for (String value : values) {
                if ((operator.equals(">") || operator.equals("<")) && !isInteger(value)) {
                    errors.add("values[" + index + "]: Invalid value: " + NameSyntax.quoted(value)
                            + ": for 'Gt', 'Lt' operators, the value must be an integer");
                }
                int at = index;
                NameSyntax.labelValueError(value).ifPresent(error -> errors.add("values[" + at + "][" + key + "]: Invalid value: "
                        + NameSyntax.quoted(value) + ": " + error));
                index++;
            }
            if (!errors.isEmpty()) {
                fail(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
            }
        }

        private static boolean isInteger(String value) {
            try {
                Long.parseLong(value);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** In a value position the words "in" and "notin" are plain identifiers. */
        private Item lookahead(boolean valuePosition) {
            return asValue(items.get(position), valuePosition);
        }

        private Item consume(boolean valuePosition) {
            return asValue(items.get(position++), valuePosition);
        }

        private static Item asValue(Item item, boolean valuePosition) {
            return valuePosition && (item.token() == Token.IN || item.token() == Token.NOT_IN)
                    ? new Item(Token.IDENTIFIER, item.literal()) : item;
        }

        private static <T> T fail(String message) {
            throw new IllegalArgumentException(message);
        }

        private static final class Lexer {
            private final String text;
            private int at;

            Lexer(String text) {
                this.text = text;
            }

            Item next() {
                while (at < text.length() && isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at >= text.length()) {
                    return new Item(Token.END, "");
                }
                return isSpecial(text.charAt(at)) ? special() : word();
            }

            private Item word() {
                int start = at;
                while (at < text.length() && !isSpecial(text.charAt(at)) && !isWhitespace(text.charAt(at))) {
                    at++;
                }
                String word = text.substring(start, at);
                return switch (word) {
                    case "in" -> new Item(Token.IN, word);
                    case "notin" -> new Item(Token.NOT_IN, word);
                    default -> new Item(Token.IDENTIFIER, word);
                };
            }

            /** The longest run of symbols that is an operator ("!=" rather than "!" then "="). */
            private Item special() {
                StringBuilder buffer = new StringBuilder();
                Item last = null;
                while (at < text.length() && isSpecial(text.charAt(at))) {
                    buffer.append(text.charAt(at));
                    Token token = symbol(buffer.toString());
                    if (token != null) {
                        last = new Item(token, buffer.toString());
                    } else if (last != null) {
                        break;
                    }
                    at++;
                }
                return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
            }

            private static Token symbol(String s) {
                return switch (s) {
                    case ")" -> Token.CLOSED_PAR;
                    case "," -> Token.COMMA;
                    case "!" -> Token.NOT;
                    case "==" -> Token.DOUBLE_EQUALS;
                    case "=" -> Token.EQUALS;
                    case ">" -> Token.GREATER;
                    case "<" -> Token.LESS;
                    case "!=" -> Token.NOT_EQUALS;
                    case "(" -> Token.OPEN_PAR;
                    default -> null;
                };
            }

            private static boolean isWhitespace(char c) {
                return c == ' ' || c == '\t' || c == '\r' || c == '\n';
            }

            private static boolean isSpecial(char c) {
                return "=!(),><".indexOf(c) >= 0;
            }
        }
    }
}
