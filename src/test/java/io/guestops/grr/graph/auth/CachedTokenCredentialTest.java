package io.guestops.grr.graph.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CachedTokenCredentialTest {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** An authority that answers from a script, counting requests. */
    static final class ScriptedAuthority implements TokenCredential {
        final Deque<Supplier<AccessToken>> answers = new ArrayDeque<>();
        int requests;

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            requests++;
            assertThat(request.getScopes()).containsExactly("https://graph.microsoft.com/.default");
            return answers.removeFirst().get();
        }
    }

    static AccessToken tokenExpiringIn(String value, long minutes) {
        return new AccessToken(value, OffsetDateTime.ofInstant(NOW.plusSeconds(minutes * 60), ZoneOffset.UTC));
    }

    @Test
    void aFreshTokenIsReused() {
        ScriptedAuthority authority = new ScriptedAuthority();
        authority.answers.add(() -> tokenExpiringIn("one", 60));
        var cached = new CachedTokenCredential(authority, "https://graph.microsoft.com/.default", CLOCK);

        assertThat(cached.getTokenSync(new TokenRequestContext()).getToken()).isEqualTo("one");
        assertThat(cached.getTokenSync(new TokenRequestContext()).getToken()).isEqualTo("one");
        assertThat(authority.requests).isEqualTo(1);
    }

    @Test
    void aTokenCloseToExpiryIsRenewed() {
        ScriptedAuthority authority = new ScriptedAuthority();
        authority.answers.add(() -> tokenExpiringIn("old", 4));
        authority.answers.add(() -> tokenExpiringIn("new", 60));
        var cached = new CachedTokenCredential(authority, "https://graph.microsoft.com/.default", CLOCK);

        cached.getTokenSync(new TokenRequestContext());

        assertThat(cached.getTokenSync(new TokenRequestContext()).getToken()).isEqualTo("new");
    }

    @Test
    void aFailureIsNotRememberedTheNextCallAsksAgain() {
        ScriptedAuthority authority = new ScriptedAuthority();
        authority.answers.add(() -> {
            throw new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null);
        });
        authority.answers.add(() -> tokenExpiringIn("fixed", 60));
        var cached = new CachedTokenCredential(authority, "https://graph.microsoft.com/.default", CLOCK);

        assertThatThrownBy(() -> cached.getTokenSync(new TokenRequestContext())).isInstanceOf(ClientAuthenticationException.class);
        assertThat(cached.getToken(new TokenRequestContext()).block().getToken()).isEqualTo("fixed");
    }
}
