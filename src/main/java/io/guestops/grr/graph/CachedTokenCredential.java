package io.guestops.grr.graph;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.SimpleTokenCache;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * Keeps the gateway's one token (one scope, no CAE claims) until shortly before it expires.
 * MSAL's own cache misses for authority hosts with a port, such as a private or emulated
 * authority, which would otherwise cost a token request per Graph call.
 */
final class CachedTokenCredential implements TokenCredential {

    private final SimpleTokenCache cache;

    CachedTokenCredential(TokenCredential delegate, String scope) {
        TokenRequestContext context = new TokenRequestContext().addScopes(scope);
        this.cache = new SimpleTokenCache(() -> delegate.getToken(context));
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return cache.getToken();
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return cache.getToken().block();
    }
}
