package io.guestops.grr.emulator.directory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The replicas user reads may come from, behind a PATCH of mail/otherMails: until the change has
 * replicated, a read shows the addresses as they were before it ("reads after a write may come from
 * a replica that has not seen it": https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/).
 * The emulator takes the worst case: every read in the window is
 * served by a replica that has not seen the write. Successive PATCHes keep the oldest addresses and
 * extend the window, as a replica that missed the first missed the later ones too.
 */
final class StaleReplicas {
    private record Stale(DirectoryUser before, Instant until) {
    }

    private final Map<String, Stale> staleUntil = new LinkedHashMap<>();

    void remember(DirectoryUser before, Instant now, Instant until) {
        staleUntil.merge(key(before.id()), new Stale(before, until),
                (old, fresh) -> now.isBefore(old.until()) ? new Stale(old.before(), fresh.until()) : fresh);
    }

    /** {@code current} as a lagging replica shows it at {@code now}: its addresses before the PATCH, the rest as is. */
    DirectoryUser asSeen(DirectoryUser current, Instant now) {
        Stale stale = staleUntil.get(key(current.id()));
        if (stale == null || !now.isBefore(stale.until())) {
            return current;
        }
        return current.withOtherMails(stale.before().otherMails())
                .withMail(stale.before().mail(), stale.before().proxyAddresses());
    }

    void clear() {
        staleUntil.clear();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
