package io.guestops.grr.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.testkit.EmulatorHttp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Builds client assertions the way MSAL and Kubernetes do, for the token endpoint tests. */
final class AssertionSigner {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private AssertionSigner() {
    }

    static String rs256(PrivateKey key, String iss, String sub, String aud, Instant exp) {
        ObjectNode header = EmulatorHttp.JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode payload = EmulatorHttp.JSON.createObjectNode().put("iss", iss).put("sub", sub).put("aud", aud)
                .put("jti", UUID.randomUUID().toString()).put("nbf", exp.getEpochSecond() - 600).put("exp", exp.getEpochSecond());
        String input = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a JWT payload (no verification) to look at claims. */
    static com.fasterxml.jackson.databind.JsonNode claims(String jwt) {
        try {
            return EmulatorHttp.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
