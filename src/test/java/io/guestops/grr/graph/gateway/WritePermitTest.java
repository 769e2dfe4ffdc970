package io.guestops.grr.graph.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write's permit is asked as each attempt leaves, so the SDK's own retry of a PATCH after a 503
 * (seconds after the write began) is not sent once the permit is withdrawn: a replica that stopped
 * leading in between sends nothing more. Against the emulator, through the real SDK.
 */
class WritePermitTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";
    private static final String APP = "22222222-2222-2222-2222-222222222222";
    private static final String SECRET = "Emu~Secret.Value-permit";
    private static final String[] GUESTS = {"aaaaaaaa-0000-0000-0000-0000000000a1", "aaaaaaaa-0000-0000-0000-0000000000a2",
        "aaaaaaaa-0000-0000-0000-0000000000a3"};
    /** Three guests of one tenant, never reset: each test writes to its own guest. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(WritePermitTest::threeGuests).keepingStateAcrossTests();

    private static SdkGraphGateway gateway;

    private static Seed threeGuests() {
        StringBuilder users = new StringBuilder();
        for (String guest : GUESTS) {
            users.append("""
                      - id: %s
                        displayName: guest
                        userPrincipalName: g_%s#EXT#@fabrikam.example
                        mail: old-%s@old.example
                        userType: Guest
                    """.formatted(guest, guest.substring(34), guest.substring(34)));
        }
        return Seed.parse("""
                tenants:
                  - id: %s
                    defaultDomain: fabrikam.example
                applications:
                  - clientId: %s
                    displayName: grr operator
                    secrets: ["%s"]
                    applicationPermissions: [User.ReadWrite.All]
                users:
                %s""".formatted(TENANT, APP, SECRET, users));
    }

    @BeforeAll
    static void connect() {
        gateway = GraphGateways.create(GRAPH.connectionAs(TENANT, APP).clientSecret(SECRET).build());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theSdksRetryOfAWriteIsNotSentOnceThePermitIsWithdrawn() {
        String guest = GUESTS[0];
        GRAPH.emulator().faults().add(FaultRule.times("/users/" + guest, "PATCH", FaultKind.UNAVAILABLE, 1).withRetryAfter(1));
        AtomicInteger asked = new AtomicInteger();
        WritePermit firstAttemptOnly = () -> asked.incrementAndGet() == 1 ? Optional.empty() : Optional.of("this replica no longer leads");

        GraphResult<Void> result = WritePermit.during(firstAttemptOnly,
                () -> gateway.updateEmails(guest, new EmailUpdate("new@new.example", null)));

        assertThat(patchesOf(guest)).as("the 503'd attempt only; its retry never left").hasSize(1);
        assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Transient.class,
                failure -> assertThat(failure.describe()).contains("not sent: this replica no longer leads"));
    }

    @Test
    void underAPermitThatHoldsTheRetryIsSent() {
        String guest = GUESTS[1];
        GRAPH.emulator().faults().add(FaultRule.times("/users/" + guest, "PATCH", FaultKind.UNAVAILABLE, 1).withRetryAfter(1));

        GraphResult<Void> result = WritePermit.during(Optional::empty, () -> gateway.updateEmails(guest, new EmailUpdate("new@new.example", null)));

        assertThat(result.isSuccess()).isTrue();
        assertThat(patchesOf(guest)).hasSize(2);
    }

    @Test
    void aRefusedResetIsProvablyNotSentAndReadsNeverAsk() {
        String guest = GUESTS[2];
        WritePermit never = () -> Optional.of("this replica no longer leads");

        GraphResult<IssuedInvitation> reset = WritePermit.during(never, () -> gateway.resetRedemption(
                new ResetInvitation(guest, "new@new.example", "https://myapps.microsoft.com", false, null, null, null)));
        GraphResult<GuestUser> read = WritePermit.during(never, () -> gateway.getUser(guest));

        assertThat(reset.failure()).as("not Ambiguous: Graph cannot have acted").isInstanceOf(GraphFailure.Transient.class);
        assertThat(GRAPH.emulator().journal()).noneMatch(e -> "POST".equals(e.method()) && e.path().contains("invitations"));
        assertThat(read.isSuccess()).isTrue();
    }

    private static List<?> patchesOf(String guest) {
        return GRAPH.emulator().journal().stream().filter(e -> "PATCH".equals(e.method()) && e.path().contains(guest)).toList();
    }
}
