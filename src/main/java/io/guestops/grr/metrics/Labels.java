package io.guestops.grr.metrics;

import java.util.regex.Pattern;

/**
 * The last check before a value becomes a label: only the shapes a label may have pass, anything
 * else (a reason someone wrote into a status by hand, say) becomes {@link #OTHER}.
 */
final class Labels {

    static final String OTHER = "Other";

    /** A condition reason as Kubernetes defines it for the operator's own: CamelCase, no spaces, no punctuation. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{3,7}");
    /** Route templates: literal segments and {placeholders}, never a value. */
    private static final Pattern ROUTE = Pattern.compile("other|(/(\\{[a-z]+\\}|[A-Za-z$.()0-9]+))+");

    private Labels() {
    }

    static String reason(String value) {
        return value != null && REASON.matcher(value).matches() ? value : OTHER;
    }

    static String method(String value) {
        return value != null && HTTP_METHOD.matcher(value).matches() ? value : "OTHER";
    }

    static String route(String value) {
        return value != null && ROUTE.matcher(value).matches() ? value : "other";
    }
}
