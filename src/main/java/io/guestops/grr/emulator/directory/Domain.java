package io.guestops.grr.emulator.directory;

/**
 * A domain of a tenant as {@code GET /domains} shows it. Every tenant has exactly one initial
 * {@code <name>.onmicrosoft.com} domain, verified from the start; custom domains are verified or not.
 */
public record Domain(String name, boolean verified, boolean isDefault, boolean initial) {

    public static final String INITIAL_SUFFIX = ".onmicrosoft.com";

    public static boolean isInitialName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(INITIAL_SUFFIX);
    }
}
