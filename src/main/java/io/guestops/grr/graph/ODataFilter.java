package io.guestops.grr.graph;

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

    /**
     * Graph refuses a disjunction of more child clauses than this ("Too many child clauses specified
     * in search filter expression containing 'OR' operators") unless the query is an advanced one.
     */
    static final int MAX_DISJUNCTS_BY_DEFAULT = 15;

    /** How many {@code or} clauses {@link #addressHolders} writes for each address. */
    static final int CLAUSES_PER_ADDRESS = 4;

    /**
     * Every user holding one of the addresses as {@code mail}, in {@code otherMails}, as an SMTP
     * proxy address (Graph compares case-insensitively, so {@code smtp:} also finds the primary
     * {@code SMTP:}) or as {@code userPrincipalName}.
     */
    static String addressHolders(Collection<String> addresses) {
        return addresses.stream()
                .map(a -> String.join(" or ", equals("mail", a), "otherMails/any(x:x eq " + literal(a) + ")",
                        "proxyAddresses/any(x:x eq " + literal("smtp:" + a) + ")", equals("userPrincipalName", a)))
                .collect(Collectors.joining(" or "));
    }

    /** Whether {@link #addressHolders} for this many addresses needs ConsistencyLevel: eventual and $count=true. */
    static boolean addressHoldersNeedAdvancedQuery(int addresses) {
        return addresses * CLAUSES_PER_ADDRESS > MAX_DISJUNCTS_BY_DEFAULT;
    }

    /** {@code id eq 'a' or id eq 'b'...}; at most {@link #MAX_DELTA_IDS} ids. */
    static String anyId(Collection<String> ids) {
        if (ids.size() > MAX_DELTA_IDS) {
            throw new IllegalArgumentException("userIds: Graph accepts at most " + MAX_DELTA_IDS + " ids in a delta filter, got " + ids.size());
        }
        return ids.stream().map(id -> equals("id", id)).collect(Collectors.joining(" or "));
    }
}
