package io.guestops.grr.graph.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The {@code GET /users} queries that together find every user holding one of a set of addresses,
 * each within Graph's limits (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635).
 * Each address is four comparisons: {@code mail}, {@code otherMails}, the {@code smtp:} proxy address
 * ({@code SMTP:} primaries match too: Graph compares case-insensitively) and {@code userPrincipalName}.
 *
 * <p>A comparison whose value has at most 120 characters goes into a plain query of at most 15
 * comparisons joined by {@code or}; a longer value (the CRD allows 254-character addresses, 259 with
 * {@code smtp:}) goes into an advanced query, where Graph limits the URL, not the value: Graph
 * documents no other way to match a longer value (its 120-character limit applies to
 * {@code startsWith} too, public report microsoftgraph/microsoft-graph-explorer-v4#2103). Advanced
 * queries read an eventually consistent index, so they are used for those values only. Every query's
 * URL is kept within 2,048 characters, plain ones included, although Graph documents that limit for
 * advanced queries only: no request relies on an undocumented larger one. A single comparison of an
 * address the CRD admits always fits (at most about 850 characters on graph.microsoft.com).
 */
final class AddressHolderQueries {

    static final int MAX_PLAIN_EXPRESSIONS = 15;
    static final int MAX_PLAIN_VALUE_LENGTH = 120;
    static final int MAX_URL_LENGTH = 2048;

    /** One comparison: its filter text and the value it compares. */
    private record Comparison(String text, String value) {
        boolean fitsPlainQuery() {
            return value.length() <= MAX_PLAIN_VALUE_LENGTH;
        }
    }

    private AddressHolderQueries() {
    }

    /**
     * @param addresses distinct addresses
     * @param urlLength the length of the URL a query would be sent with (the configured endpoint's)
     * @throws IllegalArgumentException for an address so long that one comparison of it exceeds the URL limit
     */
    static List<UsersQuery> plan(Collection<String> addresses, ToIntFunction<UsersQuery> urlLength) {
        List<Comparison> plain = new ArrayList<>();
        List<Comparison> advanced = new ArrayList<>();
        for (String address : addresses) {
            for (Comparison comparison : comparisons(address)) {
                (comparison.fitsPlainQuery() ? plain : advanced).add(comparison);
            }
        }
        List<UsersQuery> queries = new ArrayList<>(pack(plain, false, urlLength));
        queries.addAll(pack(advanced, true, urlLength));
        return queries;
    }

    private static List<Comparison> comparisons(String address) {
        String proxy = "smtp:" + address;
        return List.of(
                new Comparison(ODataFilter.equals("mail", address), address),
                new Comparison(ODataFilter.anyEquals("otherMails", address), address),
                new Comparison(ODataFilter.anyEquals("proxyAddresses", proxy), proxy),
                new Comparison(ODataFilter.equals("userPrincipalName", address), address));
    }

    /** Fills each query with as many comparisons, in order, as its limits allow. */
    private static List<UsersQuery> pack(List<Comparison> comparisons, boolean advanced, ToIntFunction<UsersQuery> urlLength) {
        List<UsersQuery> queries = new ArrayList<>();
        List<Comparison> current = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            current.add(comparison);
            if (fits(current, advanced, urlLength)) {
                continue;
            }
            current.remove(current.size() - 1);
            if (!current.isEmpty()) {
                queries.add(query(current, advanced));
            }
            current = new ArrayList<>(List.of(comparison));
            if (!fits(current, advanced, urlLength)) {
                throw new IllegalArgumentException("addresses: '" + comparison.value() + "' is too long for any Graph request");
            }
        }
        if (!current.isEmpty()) {
            queries.add(query(current, advanced));
        }
        return queries;
    }

    private static boolean fits(List<Comparison> comparisons, boolean advanced, ToIntFunction<UsersQuery> urlLength) {
        boolean countFits = advanced || comparisons.size() <= MAX_PLAIN_EXPRESSIONS;
        return countFits && urlLength.applyAsInt(query(comparisons, advanced)) <= MAX_URL_LENGTH;
    }

    private static UsersQuery query(List<Comparison> comparisons, boolean advanced) {
        return new UsersQuery(comparisons.stream().map(Comparison::text).collect(Collectors.joining(" or ")), advanced);
    }
}
