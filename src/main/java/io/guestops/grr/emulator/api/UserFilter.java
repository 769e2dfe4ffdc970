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
import java.util.stream.Stream;

/**
 * The subset of OData $filter Graph accepts on users: eq, ne, in, startsWith, endsWith,
 * not, and, or, parentheses, and any() lambdas on otherMails/proxyAddresses. String comparison
 * is case-insensitive as in Graph. Advanced operators (ne, not, endsWith) are recorded so the
 * caller can insist on ConsistencyLevel: eventual + $count=true, as Graph does.
 *
 * <p>Graph also counts the child clauses of each disjunction (every {@code or} operand, every
 * value of an {@code in} list, nested disjunctions flattened): more than 15 is refused unless
 * the query is an advanced one ({@link #widestDisjunction()}).
 */
final class UserFilter {
    /** Child clauses of one disjunction Graph accepts without advanced query parameters. */
    static final int MAX_DISJUNCTS_BY_DEFAULT = 15;

    private static final List<String> SCALARS = List.of("id", "mail", "userPrincipalName", "displayName", "givenName",
            "surname", "userType", "creationType", "externalUserState", "accountEnabled", "jobTitle");
    private static final List<String> COLLECTIONS = List.of("otherMails", "proxyAddresses", "businessPhones");
    /** Every property a filter can test: a user is matched on these alone. */
    static final List<String> PROPERTIES = Stream.concat(SCALARS.stream(), COLLECTIONS.stream()).toList();

    private final Predicate<JsonNode> predicate;
    private final Set<String> advancedOperators;
    private final int widestDisjunction;
    /** Folded texts of which a matching user must hold at least one, or null when the filter gives none. */
    private final Set<String> oneOfTexts;

    private UserFilter(Predicate<JsonNode> predicate, Set<String> advancedOperators, int widestDisjunction, Set<String> oneOfTexts) {
        this.predicate = predicate;
        this.advancedOperators = advancedOperators;
        this.widestDisjunction = widestDisjunction;
        this.oneOfTexts = oneOfTexts;
    }

    static UserFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return new UserFilter(u -> true, Set.of(), 0, null);
        }
        Parser parser = new Parser(tokenize(text));
        Clause whole = parser.orExpr(null);
        parser.expect(Kind.EOF);
        return new UserFilter(whole.test(), parser.advanced, parser.widestDisjunction, whole.oneOfTexts());
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

    Set<String> advancedOperators() {
        return advancedOperators;
    }

    /** The most child clauses of any one disjunction in the filter (1 when there is no {@code or} or {@code in}). */
    int widestDisjunction() {
        return widestDisjunction;
    }

    /**
     * A parsed (sub)expression and how many child clauses it adds to a disjunction it is part of:
     * an {@code or} chain or an {@code in} list counts all its alternatives, anything else one.
     */
    private record Clause(Predicate<JsonNode> test, int disjuncts, Set<String> oneOfTexts) {
        static Clause single(Predicate<JsonNode> test) {
            return new Clause(test, 1, null);
        }

        /** An {@code or} of both: a match holds a text of either, when both name texts. */
        Clause or(Clause right) {
            return new Clause(test.or(right.test), disjuncts + right.disjuncts, union(oneOfTexts, right.oneOfTexts));
        }

        /** An {@code and} of both: a match holds a text of each, so either side's texts will do. */
        Clause and(Clause right) {
            return new Clause(test.and(right.test), 1, oneOfTexts != null ? oneOfTexts : right.oneOfTexts);
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
        private int widestDisjunction = 1;
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

        Clause orExpr(String lambdaVar) {
            Clause left = andExpr(lambdaVar);
            while (keyword("or")) {
                Clause right = andExpr(lambdaVar);
                left = left.or(right);
            }
            return counted(left);
        }

        private Clause counted(Clause clause) {
            widestDisjunction = Math.max(widestDisjunction, clause.disjuncts());
            return clause;
        }

        private Clause andExpr(String lambdaVar) {
            Clause left = unary(lambdaVar);
            while (keyword("and")) {
                // a conjunction is one child clause of a disjunction around it
                left = left.and(unary(lambdaVar));
            }
            return left;
        }

        private Clause unary(String lambdaVar) {
            if (keyword("not")) {
                advanced.add("not");
                return Clause.single(unary(lambdaVar).test().negate());
            }
            return primary(lambdaVar);
        }

        private Clause primary(String lambdaVar) {
            if (peek().kind() == Kind.LPAREN) {
                next();
                Clause inner = orExpr(lambdaVar);
                expect(Kind.RPAREN);
                return inner;
            }
            Token name = expect(Kind.IDENT);
            if (peek().kind() == Kind.LPAREN) {
                return call(name.text(), lambdaVar);
            }
            Function<JsonNode, JsonNode> operand = operand(name.text(), lambdaVar);
            Token operator = expect(Kind.IDENT);
            return switch (operator.text().toLowerCase(Locale.ROOT)) {
                case "eq" -> {
                    Object literal = literal();
                    yield new Clause(equalTo(operand, literal), 1, textOf(literal));
                }
                case "ne" -> {
                    advanced.add("ne");
                    yield Clause.single(equalTo(operand, literal()).negate());
                }
                case "in" -> counted(in(operand));
                default -> throw invalid("unsupported operator '" + operator.text() + "'");
            };
        }

        private Clause call(String function, String lambdaVar) {
            expect(Kind.LPAREN);
            String lower = function.toLowerCase(Locale.ROOT);
            if (lower.equals("startswith") || lower.equals("endswith")) {
                Function<JsonNode, JsonNode> operand = operand(expect(Kind.IDENT).text(), lambdaVar);
                expect(Kind.COMMA);
                String prefix = expect(Kind.STRING).text().toLowerCase(Locale.ROOT);
                expect(Kind.RPAREN);
                if (lower.equals("endswith")) {
                    advanced.add("endsWith");
                }
                return Clause.single(user -> {
                    JsonNode value = operand.apply(user);
                    if (value == null || !value.isTextual()) {
                        return false;
                    }
                    String text = value.asText().toLowerCase(Locale.ROOT);
                    return lower.equals("startswith") ? text.startsWith(prefix) : text.endsWith(prefix);
                });
            }
            if (lower.endsWith("/any")) {
                String collection = collection(function.substring(0, function.length() - 4));
                String variable = expect(Kind.IDENT).text();
                expect(Kind.COLON);
                Clause bodyClause = orExpr(variable);
                Predicate<JsonNode> body = bodyClause.test();
                expect(Kind.RPAREN);
                return new Clause(user -> {
                    JsonNode values = user.get(collection);
                    if (values == null || !values.isArray()) {
                        return false;
                    }
                    for (JsonNode value : values) {
                        if (body.test(value)) {
                            return true;
                        }
                    }
                    return false;
                }, 1, bodyClause.oneOfTexts());
            }
            throw invalid("unsupported function '" + function + "'");
        }

        private Function<JsonNode, JsonNode> operand(String name, String lambdaVar) {
            if (lambdaVar != null && name.equals(lambdaVar)) {
                return element -> element;
            }
            for (String scalar : SCALARS) {
                if (scalar.equalsIgnoreCase(name)) {
                    return user -> user.get(scalar);
                }
            }
            throw unsupportedProperty(name);
        }

        private static String collection(String name) {
            for (String collection : COLLECTIONS) {
                if (collection.equalsIgnoreCase(name)) {
                    return collection;
                }
            }
            throw unsupportedProperty(name);
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

        private Clause in(Function<JsonNode, JsonNode> operand) {
            expect(Kind.LPAREN);
            List<Predicate<JsonNode>> options = new ArrayList<>();
            Set<String> texts = new LinkedHashSet<>();
            boolean allTexts = true;
            do {
                Object literal = literal();
                options.add(equalTo(operand, literal));
                allTexts &= literal instanceof String;
                if (literal instanceof String text) {
                    texts.add(fold(text));
                }
            } while (peek().kind() == Kind.COMMA && next() != null);
            expect(Kind.RPAREN);
            return new Clause(user -> options.stream().anyMatch(o -> o.test(user)), options.size(), allTexts ? texts : null);
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
