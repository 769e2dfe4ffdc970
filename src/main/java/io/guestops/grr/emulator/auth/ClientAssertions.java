package io.guestops.grr.emulator.auth;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.FederatedCredential;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

/**
 * Checks a client assertion (private_key_jwt). Two kinds:
 * <ul>
 * <li>certificate credential: iss = sub = client_id, RS256 signed by a certificate registered on
 * the app, aud = this token endpoint, not expired;</li>
 * <li>federated credential (workload identity): iss/sub/aud match a federated credential of the
 * app and the token is not expired. The signature of a federated token is NOT verified: the
 * emulator cannot fetch the external issuer's signing keys (an emulator choice).</li>
 * </ul>
 */
final class ClientAssertions {
    private static final long CLOCK_SKEW_SECONDS = 300;

    private ClientAssertions() {
    }

    static void verify(String assertion, Application app, Set<String> acceptedAudiences, Instant now) {
        Jwt jwt = Jwt.parse(assertion);
        if (jwt == null) {
            throw new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        String iss = jwt.claim("iss");
        String sub = jwt.claim("sub");
        if (app.clientId().equalsIgnoreCase(iss) && app.clientId().equalsIgnoreCase(sub)) {
            verifyCertificateAssertion(jwt, app, acceptedAudiences);
        } else {
            verifyFederatedAssertion(jwt, app);
        }
        Long exp = jwt.epochClaim("exp");
        Long nbf = jwt.epochClaim("nbf");
        long nowSeconds = now.getEpochSecond();
        if (exp == null || nowSeconds >= exp + CLOCK_SKEW_SECONDS || (nbf != null && nowSeconds + CLOCK_SKEW_SECONDS < nbf)) {
            throw new EntraError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        }
    }

    private static void verifyCertificateAssertion(Jwt jwt, Application app, Set<String> acceptedAudiences) {
        if (!"RS256".equals(jwt.header().path("alg").asText())) {
            throw new EntraError(401, "invalid_client", 5002738, "Invalid JWT token. '" + jwt.header().path("alg").asText() + "' is not a supported signature algorithm.");
        }
        if (acceptedAudiences.stream().noneMatch(jwt::audienceIs)) {
            throw new EntraError(400, "invalid_client", 50027, "Invalid JWT token. The audience claim must be the token endpoint of this tenant.");
        }
        for (X509Certificate certificate : app.certificates()) {
            if (signedBy(jwt, certificate)) {
                return;
            }
        }
        throw new EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
    }

    private static boolean signedBy(Jwt jwt, X509Certificate certificate) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(jwt.signingInputBytes());
            return verifier.verify(jwt.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void verifyFederatedAssertion(Jwt jwt, Application app) {
        String iss = jwt.claim("iss");
        String sub = jwt.claim("sub");
        if (app.federatedCredentials().stream().noneMatch(f -> f.issuer().equals(iss))) {
            throw new EntraError(400, "invalid_request", 700211, "No matching federated identity record found for presented assertion issuer '" + iss + "'.");
        }
        if (app.federatedCredentials().stream().noneMatch(f -> f.issuer().equals(iss) && f.subject().equals(sub))) {
            throw new EntraError(400, "invalid_request", 700213, "No matching federated identity record found for presented assertion subject '" + sub + "'.");
        }
        boolean audienceMatches = app.federatedCredentials().stream()
                .filter(f -> f.issuer().equals(iss) && f.subject().equals(sub))
                .map(FederatedCredential::audience)
                .anyMatch(jwt::audienceIs);
        if (!audienceMatches) {
            throw new EntraError(400, "invalid_request", 700212, "No matching federated identity record found for presented assertion audience.");
        }
    }
}
