package io.guestops.grr.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The subset of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code [0]},
 * {@code [*]}, {@code ['key']} and filters such as {@code [?(@.type=="Ready")]} with {@code ==} or
 * {@code !=} (or a bare {@code [?(@.field)]} for "exists").
 */
public final class SimpleJsonPath {

    private final String expression;
    private final List<Function<List<JsonNode>, List<JsonNode>>> steps;

    private SimpleJsonPath(String expression, List<Function<List<JsonNode>, List<JsonNode>>> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Compiles an expression; {@code {...}} braces as kubectl writes them are accepted. */
    public static SimpleJsonPath compile(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).trim();
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        return new SimpleJsonPath(expression, new Parser(expression, path).parse());
    }

    /** Every node the path selects, in document order. */
    public List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Function<List<JsonNode>, List<JsonNode>> step : steps) {
            current = step.apply(current);
        }
        return current;
    }

    @Override
    public String toString() {
        return expression;
    }

    private static final class Parser {
        private final String expression;
        private final String path;
        private int position;

        Parser(String expression, String path) {
            this.expression = expression;
            this.path = path;
        }

        List<Function<List<JsonNode>, List<JsonNode>>> parse() {
            List<Function<List<JsonNode>, List<JsonNode>>> steps = new ArrayList<>();
            while (position < path.length()) {
                char c = path.charAt(position);
                if (c == '.') {
                    position++;
                    String name = readName();
                    if (!name.isEmpty()) {
                        steps.add(nodes -> field(nodes, name));
                    }
                } else if (c == '[') {
                    int end = closingBracket();
                    steps.add(bracket(path.substring(position + 1, end).trim()));
                    position = end + 1;
                } else {
                    throw invalid("unexpected '" + c + "'");
                }
            }
            return steps;
        }

        private String readName() {
            int start = position;
            while (position < path.length() && path.charAt(position) != '.' && path.charAt(position) != '[') {
                position++;
            }
            return path.substring(start, position);
        }

        private int closingBracket() {
            int depth = 0;
            boolean quoted = false;
            char quote = 0;
            for (int i = position; i < path.length(); i++) {
                char c = path.charAt(i);
                if (quoted) {
                    quoted = c != quote;
                } else if (c == '"' || c == '\'') {
                    quoted = true;
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return i;
                }
            }
            throw invalid("unclosed '['");
        }

        private Function<List<JsonNode>, List<JsonNode>> bracket(String inside) {
            if (inside.equals("*")) {
                return Parser::children;
            }
            if (inside.startsWith("?(") && inside.endsWith(")")) {
                Filter filter = Filter.parse(inside.substring(2, inside.length() - 1).trim(), expression);
                return nodes -> filtered(nodes, filter);
            }
            if (inside.matches("-?\\d+")) {
                int index = Integer.parseInt(inside);
                return nodes -> element(nodes, index);
            }
            if (inside.length() >= 2 && (inside.startsWith("'") || inside.startsWith("\""))) {
                String name = inside.substring(1, inside.length() - 1);
                return nodes -> field(nodes, name);
            }
            throw invalid("unsupported [" + inside + "]");
        }

        private IllegalArgumentException invalid(String why) {
            return new IllegalArgumentException("unsupported JSONPath " + expression + ": " + why);
        }

        private static List<JsonNode> field(List<JsonNode> nodes, String name) {
            List<JsonNode> result = new ArrayList<>();
            for (JsonNode node : nodes) {
                if (node.isObject() && node.has(name)) {
                    result.add(node.get(name));
                }
            }
            return result;
        }

        private static List<JsonNode> children(List<JsonNode> nodes) {
            List<JsonNode> result = new ArrayList<>();
            nodes.forEach(node -> node.elements().forEachRemaining(result::add));
            return result;
        }

        private static List<JsonNode> element(List<JsonNode> nodes, int index) {
            List<JsonNode> result = new ArrayList<>();
            for (JsonNode node : nodes) {
                if (node.isArray()) {
                    int actual = index < 0 ? node.size() + index : index;
                    if (actual >= 0 && actual < node.size()) {
                        result.add(node.get(actual));
                    }
                }
            }
            return result;
        }

        private static List<JsonNode> filtered(List<JsonNode> nodes, Filter filter) {
            List<JsonNode> result = new ArrayList<>();
            for (JsonNode node : nodes) {
                Iterable<JsonNode> candidates = node.isArray() ? node::elements : List.of(node);
                for (JsonNode candidate : candidates) {
                    if (filter.accepts(candidate)) {
                        result.add(candidate);
                    }
                }
            }
            return result;
        }
    }

    /** {@code @.a.b == literal}, {@code @.a != literal} or {@code @.a} (exists). */
    private record Filter(SimpleJsonPath left, String operator, String literal) {

        static Filter parse(String text, String expression) {
            for (String operator : List.of("==", "!=")) {
                int at = text.indexOf(operator);
                if (at > 0) {
                    String left = text.substring(0, at).trim();
                    String right = text.substring(at + 2).trim();
                    return new Filter(relative(left, expression), operator, unquote(right));
                }
            }
            return new Filter(relative(text, expression), null, null);
        }

        private static SimpleJsonPath relative(String left, String expression) {
            if (!left.startsWith("@")) {
                throw new IllegalArgumentException("unsupported JSONPath " + expression + ": filter must start with @");
            }
            return compile(left.substring(1));
        }

        private static String unquote(String literal) {
            if (literal.length() >= 2 && (literal.startsWith("\"") || literal.startsWith("'"))) {
                return literal.substring(1, literal.length() - 1);
            }
            return literal;
        }

        boolean accepts(JsonNode candidate) {
            List<JsonNode> values = left.evaluate(candidate);
            if (operator == null) {
                return !values.isEmpty();
            }
            boolean equal = !values.isEmpty() && values.get(0).isValueNode() && values.get(0).asText().equals(literal);
            return operator.equals("==") == equal;
        }
    }
}
