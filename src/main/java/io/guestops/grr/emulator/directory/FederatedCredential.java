package io.guestops.grr.emulator.directory;

/** A federated identity credential of an application (workload identity). */
public record FederatedCredential(String issuer, String subject, String audience) {
    public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
}
