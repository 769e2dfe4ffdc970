package io.guestops.grr.emulator.directory;

import java.util.List;

/**
 * A tenant. {@code userCount} decides the Graph throttling size class (&lt;50, 50-500, &gt;500 users);
 * when the seed gives neither a size nor a count, the number of seeded users is used.
 * {@code domains} always holds the initial {@code .onmicrosoft.com} domain.
 */
public record Tenant(String id, String defaultDomain, Integer userCount, List<Domain> domains) {

    public Tenant {
        domains = List.copyOf(domains);
    }

    public Tenant withUserCount(int count) {
        return new Tenant(id, defaultDomain, count, domains);
    }
}
