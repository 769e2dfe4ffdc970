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

class ReplicationLagContractTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    /** Never reset: each test works on its own users; the manual clock only moves forward. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seed::sample).options(options -> options.clock(CLOCK)
            .replicationLag(Duration.ofSeconds(30)).readReplicaLag(Duration.ofSeconds(30))).keepingStateAcrossTests();

    @Test
    void resetRightAfterAddingTheEmailFailsUntilTheLagHasPassed() {
        String token = GRAPH.http().operatorToken();
        String reset = """
                {"invitedUserEmailAddress":"john@newmail.com","inviteRedirectUrl":"https://x","resetRedemption":true,"invitedUser":{"id":"%s"}}"""
                .formatted(JOHN);
        assertThat(GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"john@newmail.com\"]}").status()).isEqualTo(204);

        EmulatorHttp.Reply tooSoon = GRAPH.http().post("/v1.0/invitations", token, reset);
        CLOCK.advance(Duration.ofSeconds(31));
        EmulatorHttp.Reply later = GRAPH.http().post("/v1.0/invitations", token, reset);

        assertThat(tooSoon.statusAndErrorCode()).isEqualTo("400 BadRequest");
        assertThat(later.status()).isEqualTo(201);
    }

    /**
     * https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/:
     * "A successful write to Microsoft Entra does not guarantee that an immediate read will reflect
     * that change". The PATCH is answered 204
     * and committed, yet for the lag a read of the user, one or in a filtered list, shows the
     * addresses before it.
     */
    @Test
    void readsShowTheAddressesBeforeAPatchUntilItHasReplicated() {
        String token = GRAPH.http().operatorToken();
        String user = "/v1.0/users/" + JOHN + "?$select=otherMails";
        String holders = "/v1.0/users?$filter=otherMails/any(x:x%20eq%20'john@replica.example')&$select=id";
        JsonNode before = GRAPH.http().get(user, token).json().get("otherMails");

        assertThat(GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"john@replica.example\"]}").status()).isEqualTo(204);
        JsonNode lagging = GRAPH.http().get(user, token).json().get("otherMails");
        int heldWhileLagging = GRAPH.http().get(holders, token).json().get("value").size();
        CLOCK.advance(Duration.ofSeconds(31));
        JsonNode replicated = GRAPH.http().get(user, GRAPH.http().operatorToken()).json().get("otherMails");

        assertThat(lagging).isEqualTo(before);
        assertThat(heldWhileLagging).isZero();
        assertThat(replicated.toString()).isEqualTo("[\"john@replica.example\"]");
        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().otherMails()).as("the write is committed")
                .containsExactly("john@replica.example");
    }
}
