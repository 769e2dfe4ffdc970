package io.guestops.grr.emulator.directory;

/** An entry of the user's {@code identities} collection. */
public record Identity(String signInType, String issuer, String issuerAssignedId) {
}
