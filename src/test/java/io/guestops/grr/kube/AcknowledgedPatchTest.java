package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.patchesTo;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph's reads may come from a replica that has not seen a PATCH yet: here, for a second after
 * each PATCH, reads show the addresses before it, and the invitation service refuses the reset as
 * long. A PATCH Graph answered 204 is trusted: every guest gets exactly one PATCH, then its reset
 * (retried while the invitation service lags), and no address it held is lost.
 */
class AcknowledgedPatchTest {

    private static final Duration LAG = Duration.ofSeconds(1);
    private static final int GUESTS = 6;

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/fault-users.yaml", OperatorTimings.faultTests())
                    .emulatorOptions(options -> options.readReplicaLag(LAG).replicationLag(LAG));

    private static String guest(int n) {
        return "7e000000-0000-4000-8000-%012d".formatted(n);
    }

    @Test
    void eachGuestGetsOnePatchPerChangeAlthoughReadsLagBehindIt() {
        GraphEmulator emulator = FIXTURE.emulator();
        Map<String, List<String>> heldBefore = new java.util.HashMap<>();
        IntStream.rangeClosed(1, GUESTS).forEach(n -> heldBefore.put(guest(n),
                new ArrayList<>(emulator.directory().user(guest(n)).orElseThrow().otherMails())));

        IntStream.rangeClosed(1, GUESTS).forEach(n -> create(FIXTURE.client(),
                OperatorHarness.resource("lagged-" + n, new GuestReference(guest(n), null), "guest" + n + "@lagged.example")));
        IntStream.rangeClosed(1, GUESTS).forEach(n -> awaitResource(FIXTURE.client(), "lagged-" + n,
                r -> settled(r) && isTrue(r, "Ready")));

        for (int n = 1; n <= GUESTS; n++) {
            String id = guest(n);
            assertThat(patchesTo(emulator, id)).as("PATCHes of guest %d", n).hasSize(1);
            assertThat(resetsOf(emulator, id)).as("resets of guest %d", n).singleElement()
                    .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).endsWith("@lagged.example"));
            DirectoryUser user = emulator.directory().user(id).orElseThrow();
            assertThat(user.otherMails()).as("no address guest %d held is lost", n)
                    .containsAll(heldBefore.get(id)).contains("guest" + n + "@lagged.example");
        }
    }
}
