package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.wire.GraphError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The subset of OData $filter Graph accepts on users: eq, ne, in, startsWith, endsWith,
 * not, and, or, parentheses, and any() lambdas on otherMails/proxyAddresses/businessPhones. String
 * comparison is case-insensitive as in Graph. Which property takes which operator, by default or
 * only in an advanced query, is {@link FilterSupport}'s table; what needs an advanced query is
 * recorded ({@link #advancedOnly()}) so the caller can insist on ConsistencyLevel: eventual +
 * $count=true, as Graph does, and so are the two limits of a query without them: the number of
 * expressions ({@link #expressions()}) and the length of a compared value ({@link #propertyWithLongValue()}).
 */
final class UserFilter {
    /**
     * Graph's known issues (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635):
     * without advanced query parameters a filter holds at most 15 expressions joined by {@code or}
     * and {@code and} (an {@code in} list counts each value), and a value to match is at most 120
     * characters; advanced queries lift both and limit the URL instead.
     */
    static final int MAX_EXPRESSIONS_BY_DEFAULT = 15;
    static final int MAX_VALUE_LENGTH_BY_DEFAULT = 120;

    /** Every property a filter can test: a user is matched on these alone. */
    static final List<String> PROPERTIES = FilterSupport.USER.stream().map(FilterSupport.Property::name).toList();

    private final Predicate<JsonNode> predicate;
    private final Set<String> advancedOnly;
    private final int expressions;
    private final boolean joinedByOr;
    private final String propertyWithLongValue;
    /** Folded texts of which a matching user must hold at least one, or null when the filter gives none. */
    private final Set<String> oneOfTexts;

    private UserFilter(Predicate<JsonNode> predicate, Parser parsed, Set<String> oneOfTexts) {
        this.predicate = predicate;
        this.advancedOnly = parsed == null ? Set.of() : parsed.advanced;
        this.expressions = parsed == null ? 0 : parsed.expressions;
        this.joinedByOr = parsed != null && parsed.joinedByOr;
        this.propertyWithLongValue = parsed == null ? null : parsed.propertyWithLongValue;
        this.oneOfTexts = oneOfTexts;
    }

    static UserFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return new UserFilter(u -> true, null, null);
        }
        Parser parser = new Parser(tokenize(text));
        Clause whole = parser.orExpr(null);
        parser.expect(Kind.EOF);
        return new UserFilter(whole.test(), parser, whole.oneOfTexts());
    }

    boolean test(JsonNode user) {
        return predicate.test(user);
    }

    /**
     * False when the user cannot match: the filter only compares properties with texts (an
     * {@code or} of {@code eq}, {@code in} and {@code any(x: x eq ...)}), and none of the user's
     * texts, {@linkplain #fold folded}, is among them. A cheap test before {@link #test}.
     */
    boolean mayMatch(Set<String> foldedTextsOfUser) {
        if (oneOfTexts == null) {
            return true;
        }
        // A loop, not a stream: this runs for every user of the tenant on every query.
        for (String text : oneOfTexts) {
            if (foldedTextsOfUser.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Two texts are equal ignoring case ({@link String#equalsIgnoreCase}) exactly when their folds are equal. */
    static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            folded.append(Character.toLowerCase(Character.toUpperCase(text.charAt(i))));
        }
        return folded.toString();
    }

    /** What in the filter Graph accepts only in an advanced query, e.g. {@code ne}, {@code endsWith(mail)}, {@code userType eq null}. */
    Set<String> advancedOnly() {
        return advancedOnly;
    }

    /** How many expressions the filter joins with {@code and} and {@code or} (an {@code in} list counts each value). */
    int expressions() {
        return expressions;
    }

    /** Whether any of them are joined by {@code or} or listed by {@code in} (Graph names the operator in its refusal). */
    boolean joinedByOr() {
        return joinedByOr;
    }

    /** The property first compared with a value longer than {@link #MAX_VALUE_LENGTH_BY_DEFAULT}, or null. */
    String propertyWithLongValue() {
        return propertyWithLongValue;
    }

    /** A parsed (sub)expression, and the folded texts a user it matches must hold one of (null: no such texts). */
    private record Clause(Predicate<JsonNode> test, Set<String> oneOfTexts) {
        static Clause single(Predicate<JsonNode> test) {
            return new Clause(test, null);
        }

        /** An {@code or} of both: a match holds a text of either, when both name texts. */
        Clause or(Clause right) {
            return new Clause(test.or(right.test), union(oneOfTexts, right.oneOfTexts));
        }

        /** An {@code and} of both: a match holds a text of each, so either side's texts will do. */
        Clause and(Clause right) {
            return new Clause(test.and(right.test), oneOfTexts != null ? oneOfTexts : right.oneOfTexts);
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            if (a == null || b == null) {
                return null;
            }
            Set<String> both = new LinkedHashSet<>(a);
            both.addAll(b);
            return both;
        }
    }

    /** The range variable of an {@code any()} lambda and the collection it walks. */
    private record Lambda(String variable, FilterSupport.Property collection) {
    }

    /** What a comparison reads (a user's property, or the lambda's current element) and that property's row. */
    private record Operand(Function<JsonNode, JsonNode> value, FilterSupport.Property property, boolean inLambda) {
    }

    /** The folded text a literal compares to, or null when it is not a text (null, true, false). */
    private static Set<String> textOf(Object literal) {
        return literal instanceof String text ? Set.of(fold(text)) : null;
    }

    private enum Kind { IDENT, STRING, LPAREN, RPAREN, COMMA, COLON, EOF }

    private record Token(Kind kind, String text) {
    }

    private static GraphError invalid(String detail) {
        return new GraphError(400, "BadRequest", "Invalid filter clause: " + detail);
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',' || c == ':') {
                tokens.add(new Token(switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case ',' -> Kind.COMMA;
                    default -> Kind.COLON;
                }, String.valueOf(c)));
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw invalid("unterminated string literal");
                    }
                    char d = text.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(d);
                    i++;
                }
                tokens.add(new Token(Kind.STRING, value.toString()));
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "(),:'".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, i)));
            }
        }
        tokens.add(new Token(Kind.EOF, ""));
        return tokens;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final Set<String> advanced = new LinkedHashSet<>();
        private int expressions;
        private boolean joinedByOr;
        private String propertyWithLongValue;
        private int position;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        private Token peek() {
            return tokens.get(position);
        }

        private Token next() {
            return tokens.get(position++);
        }

        Token expect(Kind kind) {
            Token token = next();
            if (token.kind() != kind) {
                throw invalid("expected " + kind.name().toLowerCase(Locale.ROOT) + " but found '" + token.text() + "'");
            }
            return token;
        }

        private boolean keyword(String word) {
            if (peek().kind() == Kind.IDENT && peek().text().equalsIgnoreCase(word)) {
                position++;
                return true;
            }
            return false;
        }

        Clause orExpr(Lambda lambda) {
            Clause left = andExpr(lambda);
            while (keyword("or")) {
                joinedByOr = true;
                left = left.or(andExpr(lambda));
            }
            return left;
        }

        private Clause andExpr(Lambda lambda) {
            Clause left = unary(lambda);
            while (keyword("and")) {
                left = left.and(unary(lambda));
            }
            return left;
        }

        private Clause unary(Lambda lambda) {
            if (keyword("not")) {
                advanced.add("not");
                return Clause.single(unary(lambda).test().negate());
            }
            return primary(lambda);
        }

        private Clause primary(Lambda lambda) {
            if (peek().kind() == Kind.LPAREN) {
                next();
                Clause inner = orExpr(lambda);
                expect(Kind.RPAREN);
                return inner;
            }
            Token name = expect(Kind.IDENT);
            if (peek().kind() == Kind.LPAREN) {
                return call(name.text(), lambda);
            }
            Operand operand = operand(name.text(), lambda);
            Token operator = expect(Kind.IDENT);
            return switch (operator.text().toLowerCase(Locale.ROOT)) {
                case "eq" -> {
                    Object literal = compared(operand, literal());
                    yield new Clause(equalTo(operand.value(), literal), textOf(literal));
                }
                case "ne" -> {
                    advanced.add("ne");
                    yield Clause.single(equalTo(operand.value(), compared(operand, literal())).negate());
                }
                case "in" -> in(operand);
                default -> throw invalid("unsupported operator '" + operator.text() + "'");
            };
        }

        /** Counts one expression comparing the operand with this literal, after checking Graph supports it. */
        private Object compared(Operand operand, Object literal) {
            allow(operand, literal == null ? FilterSupport.Use.EQ_NULL : FilterSupport.Use.EQ);
            if (literal instanceof String text) {
                measure(operand, text);
            }
            expressions++;
            return literal;
        }

        /** Refuses what Graph's table does not support; notes what it supports only in advanced queries. */
        private void allow(Operand operand, FilterSupport.Use use) {
            FilterSupport.Property property = operand.property();
            switch (property.support(use)) {
                case NONE -> throw unsupportedProperty(property.name());
                case ADVANCED -> advanced.add(switch (use) {
                    case EQ -> property.name() + " eq";
                    case EQ_NULL -> property.name() + " eq null";
                    case STARTS_WITH -> "startsWith(" + property.name() + ")";
                    case ENDS_WITH -> "endsWith(" + property.name() + ")";
                });
                default -> {
                }
            }
        }

        private void measure(Operand operand, String value) {
            if (value.length() > MAX_VALUE_LENGTH_BY_DEFAULT && propertyWithLongValue == null) {
                propertyWithLongValue = operand.property().name();
            }
        }

        private Clause call(String function, Lambda lambda) {
            expect(Kind.LPAREN);
            String lower = function.toLowerCase(Locale.ROOT);
            if (lower.equals("startswith") || lower.equals("endswith")) {
                Operand operand = operand(expect(Kind.IDENT).text(), lambda);
                expect(Kind.COMMA);
                String affix = expect(Kind.STRING).text();
                expect(Kind.RPAREN);
                boolean starts = lower.equals("startswith");
                allow(operand, starts ? FilterSupport.Use.STARTS_WITH : FilterSupport.Use.ENDS_WITH);
                measure(operand, affix);
                expressions++;
                String folded = affix.toLowerCase(Locale.ROOT);
                return Clause.single(user -> {
                    JsonNode value = operand.value().apply(user);
                    if (value == null || !value.isTextual()) {
                        return false;
                    }
                    String text = value.asText().toLowerCase(Locale.ROOT);
                    return starts ? text.startsWith(folded) : text.endsWith(folded);
                });
            }
            if (lower.endsWith("/any")) {
                FilterSupport.Property collection = collection(function.substring(0, function.length() - 4));
                String variable = expect(Kind.IDENT).text();
                expect(Kind.COLON);
                Clause bodyClause = orExpr(new Lambda(variable, collection));
                Predicate<JsonNode> body = bodyClause.test();
                expect(Kind.RPAREN);
                return new Clause(user -> {
                    JsonNode values = user.get(collection.name());
                    if (values == null || !values.isArray()) {
                        return false;
                    }
                    for (JsonNode value : values) {
                        if (body.test(value)) {
                            return true;
                        }
                    }
                    return false;
                }, bodyClause.oneOfTexts());
            }
            throw invalid("unsupported function '" + function + "'");
        }

        private Operand operand(String name, Lambda lambda) {
            if (lambda != null && name.equals(lambda.variable())) {
                return new Operand(element -> element, lambda.collection(), true);
            }
            FilterSupport.Property property = FilterSupport.of(name).filter(p -> !p.collection())
                    .orElseThrow(() -> unsupportedProperty(name));
            return new Operand(user -> user.get(property.name()), property, false);
        }

        private static FilterSupport.Property collection(String name) {
            return FilterSupport.of(name).filter(FilterSupport.Property::collection).orElseThrow(() -> unsupportedProperty(name));
        }

        private static GraphError unsupportedProperty(String name) {
            return GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '" + name + "' of resource 'User'.");
        }

        private Object literal() {
            Token token = next();
            if (token.kind() == Kind.STRING) {
                return token.text();
            }
            if (token.kind() == Kind.IDENT) {
                switch (token.text().toLowerCase(Locale.ROOT)) {
                    case "null":
                        return null;
                    case "true":
                        return Boolean.TRUE;
                    case "false":
                        return Boolean.FALSE;
                    default:
                        break;
                }
            }
            throw invalid("expected a literal but found '" + token.text() + "'");
        }

        /**
         * An {@code in} list: one expression per value. Graph refuses it inside an {@code any()}
         * lambda (public report: microsoftgraph/microsoft-graph-docs-contrib#2573, "Unsupported Query.").
         */
        private Clause in(Operand operand) {
            if (operand.inLambda()) {
                throw GraphError.unsupportedQuery("Unsupported Query.");
            }
            expect(Kind.LPAREN);
            List<Predicate<JsonNode>> options = new ArrayList<>();
            Set<String> texts = new LinkedHashSet<>();
            boolean allTexts = true;
            do {
                Object literal = compared(operand, literal());
                options.add(equalTo(operand.value(), literal));
                allTexts &= literal instanceof String;
                if (literal instanceof String text) {
                    texts.add(fold(text));
                }
            } while (peek().kind() == Kind.COMMA && next() != null);
            expect(Kind.RPAREN);
            // An in list is a disjunction of its values.
            joinedByOr |= options.size() > 1;
            return new Clause(user -> options.stream().anyMatch(o -> o.test(user)), allTexts ? texts : null);
        }

        private static Predicate<JsonNode> equalTo(Function<JsonNode, JsonNode> operand, Object literal) {
            return user -> {
                JsonNode value = operand.apply(user);
                if (literal == null) {
                    return value == null || value.isNull();
                }
                if (value == null || value.isNull()) {
                    return false;
                }
                if (literal instanceof Boolean b) {
                    return value.isBoolean() && value.booleanValue() == b;
                }
                return value.isTextual() && value.asText().equalsIgnoreCase((String) literal);
            };
        }
    }
}
