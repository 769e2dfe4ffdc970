package io.guestops.grr.emulator.directory;

/**
 * A tenant. {@code userCount} decides the Graph throttling size class (&lt;50, 50-500, &gt;500 users);
 * when the seed gives neither a size nor a count, the number of seeded users is used.
 */
public record Tenant(String id, String defaultDomain, Integer userCount) {
}
