package io.guestops.grr.emulator.directory;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/** An app registration with its credentials and the application permissions granted to it. */
public record Application(String clientId, String tenantId, String displayName, List<String> secrets,
                          List<X509Certificate> certificates, List<FederatedCredential> federatedCredentials,
                          Set<String> applicationPermissions) {

    public Application {
        secrets = List.copyOf(secrets);
        certificates = List.copyOf(certificates);
        federatedCredentials = List.copyOf(federatedCredentials);
        applicationPermissions = Set.copyOf(applicationPermissions);
    }

    /** Never shows the secrets: this string may end up in a log. */
    @Override
    public String toString() {
        return "Application[clientId=" + clientId + ", tenantId=" + tenantId + ", displayName=" + displayName
                + ", secrets=" + secrets.size() + ", certificates=" + certificates.size()
                + ", federatedCredentials=" + federatedCredentials + ", applicationPermissions=" + applicationPermissions + "]";
    }
}
