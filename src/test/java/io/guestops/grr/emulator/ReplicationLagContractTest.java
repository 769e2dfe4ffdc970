package io.guestops.grr.emulator;

import static io.guestops.grr.emulator.EmulatorHttp.JOHN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicationLagContractTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private static GraphEmulator emulator;
    private static EmulatorHttp http;

    @BeforeAll
    static void start() {
        emulator = GraphEmulator.start(EmulatorOptions.defaults().clock(CLOCK).replicationLag(Duration.ofSeconds(30)));
        http = new EmulatorHttp(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void resetRightAfterAddingTheEmailFailsUntilTheLagHasPassed() {
        String token = http.operatorToken();
        String reset = """
                {"invitedUserEmailAddress":"john@newmail.com","inviteRedirectUrl":"https://x","resetRedemption":true,"invitedUser":{"id":"%s"}}"""
                .formatted(JOHN);
        assertThat(http.patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"john@newmail.com\"]}").status()).isEqualTo(204);

        EmulatorHttp.Reply tooSoon = http.post("/v1.0/invitations", token, reset);
        CLOCK.advance(Duration.ofSeconds(31));
        EmulatorHttp.Reply later = http.post("/v1.0/invitations", token, reset);

        assertThat(tooSoon.status()).isEqualTo(400);
        assertThat(tooSoon.errorCode()).isEqualTo("BadRequest");
        assertThat(later.status()).isEqualTo(201);
    }
}
