package io.guestops.grr.graph.auth;

import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.sdk.ExchangeOutcome;
import io.guestops.grr.graph.sdk.GraphRoutes;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/**
 * Keeps the gateway's one token (one scope, no CAE claims) until {@link #REFRESH_BEFORE} its expiry.
 * MSAL's own cache misses for authority hosts with a port, such as a private or emulated authority,
 * which would otherwise cost a token request per Graph call. A failure is not remembered: the next
 * call asks again at once (azure-core's SimpleTokenCache would hold callers up to 30 s after a
 * failure), and the operator's backoff spaces the attempts.
 */
public final class CachedTokenCredential implements TokenCredential {

    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final TokenCredential delegate;
    private final TokenRequestContext context;
    private final Clock clock;
    private final GraphCallListener listener;
    private AccessToken current;

    public CachedTokenCredential(TokenCredential delegate, String scope, Clock clock) {
        this(delegate, scope, clock, GraphCallListener.NONE);
    }

    /** @param listener told about each token the operator asks the authority for, and how that went */
    public CachedTokenCredential(TokenCredential delegate, String scope, Clock clock, GraphCallListener listener) {
        this.delegate = delegate;
        this.context = new TokenRequestContext().addScopes(scope);
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public synchronized AccessToken getTokenSync(TokenRequestContext request) {
        if (current == null || isDueForRefresh(current)) {
            current = fetch();
        }
        return current;
    }

    /** A new token; a refused credential is a failed call too (Graph is never reached with it). */
    private AccessToken fetch() {
        AccessToken token;
        try {
            token = delegate.getTokenSync(context);
        } catch (RuntimeException refused) {
            listener.exchanged(GraphRoutes.TOKEN, "POST", ExchangeOutcome.ofTokenFailure(refused));
            throw refused;
        }
        listener.exchanged(GraphRoutes.TOKEN, "POST", ExchangeOutcome.ofStatus(200));
        return token;
    }

    private boolean isDueForRefresh(AccessToken token) {
        return !OffsetDateTime.now(clock).plus(REFRESH_BEFORE).isBefore(token.getExpiresAt());
    }
}
