package io.guestops.grr.emulator.api;

import io.guestops.grr.emulator.auth.CallerIdentity;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.wire.ApiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything a Graph handler needs for one request. {@code graphBase} is e.g. https://localhost:8443/v1.0.
 * {@code replicationLag}: how long the invitation service keeps seeing a user's previous mail/otherMails.
 * {@code readReplicaLag}: how long reads of a user keep showing its addresses before a PATCH.
 * {@code deltaTokenLifetime}: how long a users/delta deltaLink can be followed.
 */
record GraphContext(ApiRequest request, CallerIdentity caller, Tenant tenant, Directory directory, Clock clock, String graphBase, Duration replicationLag,
                    Duration readReplicaLag, Duration deltaTokenLifetime, FilterableUsers filterableUsers) {

    Instant now() {
        return clock.instant();
    }

    String tenantId() {
        return tenant.id();
    }
}
