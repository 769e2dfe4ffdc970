package io.guestops.grr.graph.sdk;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.io.IOException;

/**
 * The outcome label of one exchange: {@code 2xx}, {@code 400}, {@code 401}, {@code 403},
 * {@code 404}, {@code 409}, {@code 429}, {@code 5xx}, or {@code ambiguous} when no answer came. A
 * fixed set, so an answer's text can never become a label.
 */
public final class ExchangeOutcome {

    /** No HTTP answer: a timeout, a broken or refused connection. For a write, its effect is unknown. */
    public static final String NO_ANSWER = "ambiguous";

    private ExchangeOutcome() {
    }

    /**
     * The label of an HTTP status. Refusals without a label of their own (405, 412, 413, ...) count
     * with the plain refusals as {@code 400}; Graph answers these routes with nothing below 400 but success.
     */
    public static String ofStatus(int status) {
        if (status >= 500) {
            return "5xx";
        }
        return switch (status) {
            case 400, 401, 403, 404, 409, 429 -> String.valueOf(status);
            default -> status >= 400 ? "400" : "2xx";
        };
    }

    /**
     * The label of a token request that failed. Any refusal by the authority (a wrong secret, an
     * unknown application or tenant: 400 or 401 from Entra) or by the local configuration is
     * {@code 401}, as a refused token is from Graph; the authority's 429 and 5xx keep their labels;
     * and a request that got no answer (unreachable, timed out, interrupted) is {@link #NO_ANSWER}.
     */
    public static String ofTokenFailure(Throwable error) {
        MsalServiceException answered = FailureMapping.find(error, MsalServiceException.class);
        if (answered != null && answered.statusCode() != null && answered.statusCode() > 0) {
            int status = answered.statusCode();
            return status == 429 || status >= 500 ? ofStatus(status) : "401";
        }
        if (FailureMapping.find(error, IOException.class) != null) {
            return NO_ANSWER;
        }
        boolean refused = FailureMapping.find(error, CredentialUnavailableException.class) != null
                || FailureMapping.find(error, MsalClientException.class) != null
                || FailureMapping.find(error, ClientAuthenticationException.class) != null;
        return refused ? "401" : NO_ANSWER;
    }
}
