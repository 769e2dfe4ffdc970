package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ThrottlingAndFaultsContractTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-02-01T00:00:00Z"));
    /** Put back to the sample seed, with no faults, before every test. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seed::sample).options(options -> options.clock(CLOCK)
            .throttling(ThrottleLimits.graphDefaults().withResourceUnitsPer10s(10).withWritesPer150s(3)));
    private static String token;

    /** After the fixture's reset: a token from the fresh directory. */
    @BeforeEach
    void fresh() {
        token = GRAPH.http().operatorToken();
    }

    @Test
    void resourceUnitsAreChargedAndExhaustionGives429WithRetryAfterUntilRefill() {
        EmulatorHttp.Reply collection = GRAPH.http().get("/v1.0/users", token);
        EmulatorHttp.Reply selected = GRAPH.http().get("/v1.0/users/" + JOHN + "?$select=mail", token);
        assertThat(collection.header("x-ms-resource-unit")).isEqualTo("2");
        assertThat(selected.header("x-ms-resource-unit")).isEqualTo("1");

        EmulatorHttp.Reply last = null;
        for (int i = 0; i < 7; i++) {
            last = GRAPH.http().get("/v1.0/users/" + JOHN, token);
        }
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("x-ms-throttle-limit-percentage")).isEqualTo("1.0");

        EmulatorHttp.Reply throttled = GRAPH.http().get("/v1.0/users/" + JOHN, token);
        assertThat(throttled.statusAndErrorCode()).isEqualTo("429 TooManyRequests");
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(throttled.header("x-ms-throttle-scope")).contains(EmulatorHttp.OPERATOR_APP).contains(EmulatorHttp.TENANT);
        assertThat(throttled.header("x-ms-throttle-information")).isEqualTo("ResourceUnitLimitExceeded");

        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(GRAPH.http().get("/v1.0/users/" + JOHN, token).status()).isEqualTo(200);
    }

    @Test
    void writesHaveTheirOwnBucket() {
        for (int i = 0; i < 3; i++) {
            assertThat(GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"w" + i + "@x.com\"]}").status()).isEqualTo(204);
        }
        CLOCK.advance(Duration.ofSeconds(10));

        EmulatorHttp.Reply fourth = GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"w3@x.com\"]}");

        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.header("x-ms-throttle-information")).isEqualTo("WriteLimitExceeded");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(30L, 50L);
        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("w2@x.com");
        assertThat(GRAPH.http().get("/v1.0/users/" + JOHN, token).status()).isEqualTo(200);
    }

    @Test
    void injected429And503And504AreReturnedBeforeAnyEffectForTheFirstNRequests() {
        GRAPH.emulator().faults().add(FaultRule.times("/users/*", "PATCH", FaultKind.THROTTLE, 1).withRetryAfter(7));
        GRAPH.emulator().faults().add(FaultRule.times("/users/*", "PATCH", FaultKind.UNAVAILABLE, 1).withRetryAfter(3));
        GRAPH.emulator().faults().add(FaultRule.times("/users/*", "PATCH", FaultKind.GATEWAY_TIMEOUT, 1));
        String body = "{\"otherMails\":[\"f@x.com\"]}";

        EmulatorHttp.Reply first = GRAPH.http().patch("/v1.0/users/" + JOHN, token, body);
        EmulatorHttp.Reply second = GRAPH.http().patch("/v1.0/users/" + JOHN, token, body);
        EmulatorHttp.Reply third = GRAPH.http().patch("/v1.0/users/" + JOHN, token, body);
        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("john.doe@example.org");
        EmulatorHttp.Reply fourth = GRAPH.http().patch("/v1.0/users/" + JOHN, token, body);

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("7");
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.header("Retry-After")).isEqualTo("3");
        assertThat(third.status()).isEqualTo(504);
        assertThat(fourth.status()).isEqualTo(204);
        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("f@x.com");
    }

    @Test
    void commitThenDropAppliesTheWriteAndClosesTheConnectionWithoutAResponse() {
        GRAPH.emulator().faults().add(FaultRule.times("/v1.0/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));
        String reset = """
                {"invitedUserEmailAddress":"john@contoso.com","inviteRedirectUrl":"https://x","resetRedemption":true,"invitedUser":{"id":"%s"}}"""
                .formatted(JOHN);

        assertThatThrownBy(() -> GRAPH.http().post("/v1.0/invitations", token, reset)).isInstanceOf(UncheckedIOException.class);

        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().externalUserState()).isEqualTo("PendingAcceptance");
        assertThat(GRAPH.emulator().directory().invitations()).hasSize(1);
        assertThat(GRAPH.emulator().journal()).filteredOn(JournalEntry::connectionDropped).singleElement()
                .satisfies(e -> {
                    assertThat(e.effective()).isTrue();
                    assertThat(e.status()).isZero();
                });
        assertThat(GRAPH.http().post("/v1.0/invitations", token, reset).status()).isEqualTo(201);
    }

    @Test
    void probabilisticFaultsAreRepeatableForTheSameRandomSeed() {
        int[] first = throttledPattern(7);
        int[] second = throttledPattern(7);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(429).contains(200);
    }

    private static int[] throttledPattern(long seed) {
        try (GraphEmulator chaos = EmulatorFixture.standalone(options -> options.randomSeed(seed)
                .fault(FaultRule.withRate("/users/*", "GET", FaultKind.THROTTLE, 0.5)))) {
            EmulatorHttp client = new EmulatorHttp(chaos);
            String chaosToken = client.operatorToken();
            int[] statuses = new int[20];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = client.get("/v1.0/users/" + JOHN, chaosToken).status();
            }
            return statuses;
        }
    }

    @Test
    void latencyFaultDelaysTheResponse() {
        GRAPH.emulator().faults().add(FaultRule.latency("/users/*", "GET", 300));
        long start = System.nanoTime();

        EmulatorHttp.Reply reply = GRAPH.http().get("/v1.0/users/" + JOHN, token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
