package io.guestops.grr.decision.policy;

import io.guestops.grr.model.PolicyDomains;
import java.util.List;
import java.util.Locale;

/** Matches a domain against a policy's domain list ({@code contoso.com}, {@code *.contoso.com}, {@code *}). */
final class DomainRule {

    private DomainRule() {
    }

    static boolean matches(List<String> entries, String domain) {
        if (entries == null || domain == null || domain.isBlank()) {
            return false;
        }
        String name = domain.trim().toLowerCase(Locale.ROOT);
        for (String entry : entries) {
            String rule = entry.trim().toLowerCase(Locale.ROOT);
            if (rule.equals(PolicyDomains.ANY) || rule.equals(name)
                    || (rule.startsWith("*.") && name.endsWith(rule.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** The list as a message shows it. */
    static String show(List<String> entries) {
        return entries == null || entries.isEmpty() ? "(none)" : String.join(", ", entries);
    }
}
