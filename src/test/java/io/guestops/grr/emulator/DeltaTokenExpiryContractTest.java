package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delta links expire: https://learn.microsoft.com/graph/delta-query-overview tells clients that an
 * expired or unknown state token gets 410 Gone (syncStateNotFound) and that they must start a new
 * round; for users the lifetime is seven days (Microsoft 365 Developer Blog, "Duration of change
 * tracking tokens for identity and education resources").
 */
class DeltaTokenExpiryContractTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    /** Never reset: each test starts its own delta round; the manual clock only moves forward. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seed::sample).options(options -> options.clock(CLOCK))
            .keepingStateAcrossTests();

    private String deltaLinkOfANewRound(String token) {
        EmulatorHttp.Reply first = GRAPH.http().get("/v1.0/users/delta?$select=mail", token);
        assertThat(first.status()).isEqualTo(200);
        String link = first.json().get("@odata.deltaLink").asText();
        return link.substring(GRAPH.emulator().graphEndpoint().length());
    }

    @Test
    void aDeltaLinkIsValidForSevenDaysByDefaultThenAnswers410SyncStateNotFound() {
        String token = GRAPH.http().operatorToken();
        String link = deltaLinkOfANewRound(token);

        CLOCK.advance(Duration.ofDays(7).minusMinutes(1));
        EmulatorHttp.Reply stillValid = GRAPH.http().get(link, GRAPH.http().operatorToken()); // access tokens last an hour
        CLOCK.advance(Duration.ofMinutes(2));
        EmulatorHttp.Reply expired = GRAPH.http().get(link, GRAPH.http().operatorToken());

        assertThat(stillValid.status()).isEqualTo(200);
        assertThat(expired.statusAndErrorCode()).isEqualTo("410 syncStateNotFound");
        JsonNode error = expired.json().get("error");
        assertThat(error.get("message").asText()).contains("delta token is expired");
        assertThat(error.get("innerError").has("request-id")).isTrue();
    }

    @Test
    void anUnknownDeltaTokenAnswers410AndANewRoundStillSeesEveryUser() {
        String token = GRAPH.http().operatorToken();

        EmulatorHttp.Reply unknown = GRAPH.http().get("/v1.0/users/delta?$deltatoken=not-a-token", token);
        GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"john@expiry.example\"]}");
        EmulatorHttp.Reply newRound = GRAPH.http().get("/v1.0/users/delta?$select=otherMails", token);

        assertThat(unknown.statusAndErrorCode()).isEqualTo("410 syncStateNotFound");
        assertThat(newRound.status()).isEqualTo(200);
        assertThat(newRound.json().get("value").findValuesAsText("id")).contains(JOHN);
    }

    @Test
    void theLifetimeIsConfigurable() {
        try (GraphEmulator shortLived = EmulatorFixture.standalone(options -> options.clock(CLOCK)
                .deltaTokenLifetime(Duration.ofMinutes(5)))) {
            EmulatorHttp shortHttp = new EmulatorHttp(shortLived);
            String token = shortHttp.operatorToken();
            String link = shortHttp.get("/v1.0/users/delta", token).json().get("@odata.deltaLink").asText()
                    .substring(shortLived.graphEndpoint().length());

            CLOCK.advance(Duration.ofMinutes(6));

            assertThat(shortHttp.get(link, shortHttp.operatorToken()).status()).isEqualTo(410);
        }
    }
}
