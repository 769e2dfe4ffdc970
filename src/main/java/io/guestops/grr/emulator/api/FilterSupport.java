package io.guestops.grr.emulator.api;

import java.util.List;
import java.util.Optional;

/**
 * Which {@code $filter} operators Graph accepts on each user property the emulator models: by
 * default, only in an advanced query ({@code ConsistencyLevel: eventual} and {@code $count=true}),
 * or not at all. From Graph's table "Support for filter by properties of Microsoft Entra ID
 * (directory) objects", https://learn.microsoft.com/graph/aad-advanced-queries#user-properties, where
 * a blank cell means "the query is not valid for that property"; {@code endsWith} is "supported only
 * with advanced query parameters by mail, otherMails, userPrincipalName, and proxyAddresses", and
 * {@code in} "whenever eq is supported by default". {@code id} is not in that table; the user
 * resource page lists {@code eq}, {@code ne}, {@code not} and {@code in} for it.
 */
final class FilterSupport {

    enum Support { DEFAULT, ADVANCED, NONE }

    /** What a clause does with a property. */
    enum Use { EQ, STARTS_WITH, ENDS_WITH, EQ_NULL }

    /**
     * One row of the table. For a collection ({@code otherMails/any(x:...)}), the operators apply to
     * the lambda's variable.
     */
    record Property(String name, boolean collection, Support eq, Support startsWith, Support endsWith, Support eqNull) {
        Support support(Use use) {
            return switch (use) {
                case EQ -> eq;
                case STARTS_WITH -> startsWith;
                case ENDS_WITH -> endsWith;
                case EQ_NULL -> eqNull;
            };
        }
    }

    private static final Support D = Support.DEFAULT;
    private static final Support A = Support.ADVANCED;
    private static final Support N = Support.NONE;

    static final List<Property> USER = List.of(
            new Property("id", false, D, N, N, N),
            new Property("accountEnabled", false, D, N, N, N),
            new Property("creationType", false, D, N, N, N),
            new Property("displayName", false, D, D, N, A),
            new Property("externalUserState", false, D, N, N, N),
            new Property("givenName", false, D, D, N, A),
            new Property("jobTitle", false, D, D, N, A),
            new Property("mail", false, D, D, A, A),
            new Property("surname", false, D, D, N, A),
            new Property("userPrincipalName", false, D, D, A, N),
            new Property("userType", false, D, N, N, A),
            new Property("otherMails", true, D, D, A, N),
            new Property("proxyAddresses", true, D, D, A, N),
            new Property("businessPhones", true, A, A, N, N));

    private FilterSupport() {
    }

    /** The row of a property by name (Graph matches property names case-insensitively). */
    static Optional<Property> of(String name) {
        return USER.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
