package io.guestops.grr.graph.sdk;

import java.util.Collection;
import java.util.stream.Collectors;

/** Builds the few OData {@code $filter} expressions the gateway sends, with string literals escaped. */
final class ODataFilter {

    /** Graph accepts at most this many {@code id eq} terms in a users/delta filter. */
    static final int MAX_DELTA_IDS = 50;

    private ODataFilter() {}

    /** An OData string literal: single quotes doubled, the whole wrapped in single quotes. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String equals(String property, String value) {
        return property + " eq " + literal(value);
    }

    /** The property starts with the value: {@code startsWith(userPrincipalName,'a_b.c#EXT#@')}. */
    static String startsWith(String property, String value) {
        return "startsWith(" + property + "," + literal(value) + ")";
    }

    /** Any element of a string collection equals the value: {@code otherMails/any(x:x eq 'a@b.c')}. */
    static String anyEquals(String collection, String value) {
        return collection + "/any(x:x eq " + literal(value) + ")";
    }

    /** {@code id eq 'a' or id eq 'b'...}; at most {@link #MAX_DELTA_IDS} ids. */
    static String anyId(Collection<String> ids) {
        if (ids.size() > MAX_DELTA_IDS) {
            throw new IllegalArgumentException("userIds: Graph accepts at most " + MAX_DELTA_IDS + " ids in a delta filter, got " + ids.size());
        }
        return ids.stream().map(id -> equals("id", id)).collect(Collectors.joining(" or "));
    }
}
