package io.guestops.grr.emulator.auth;

import java.util.Set;

/** Who is calling Graph: the claims of a valid access token. */
public record CallerIdentity(String appId, String tenantId, Set<String> roles) {

    public boolean hasAnyRole(String... accepted) {
        for (String role : accepted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
