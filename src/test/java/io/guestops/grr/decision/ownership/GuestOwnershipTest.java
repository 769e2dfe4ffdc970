package io.guestops.grr.decision.ownership;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.OTHER_USER_ID;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.resolved;
import static io.guestops.grr.decision.Guests.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One owner per guest (issue 7, point 3): the oldest resource naming a guest acts; the others stall. */
class GuestOwnershipTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final GuestUser JANE = guest(OLD_MAIL, List.of());

    private static Peer peer(String namespace, String name, Instant created, GuestRedemptionResetSpec spec,
                             GuestRedemptionResetStatus status) {
        return new Peer(new ResourceRef(namespace, name, created), spec, status);
    }

    private static GuestRedemptionResetSpec byMail(String mail, String desired) {
        GuestRedemptionResetSpec spec = spec(desired);
        spec.setGuest(new GuestReference(null, mail));
        return spec;
    }

    @ParameterizedTest(name = "self created +{0}s vs other +{1}s, self {2}, other {3} -> self owns: {4}")
    @CsvSource({
            // self offset, other offset, self name, other name, self owns
            "0, 10, b, a, true",     // older wins whatever the names
            "10, 0, a, b, false",
            "0, 0, a, b, true",      // same second: namespace/name decides
            "0, 0, b, a, false",
    })
    void theOldestResourceOwnsTheGuest(int selfOffset, int otherOffset, String selfName, String otherName, boolean selfOwns) {
        Peer self = peer("ns", selfName, T0.plusSeconds(selfOffset), spec(NEW_MAIL), null);
        Peer other = peer("ns", otherName, T0.plusSeconds(otherOffset), spec("jane@elsewhere.example"), null);
        assertThat(GuestOwnership.check(self, List.of(other), JANE).isEmpty()).isEqualTo(selfOwns);
    }

    @Test
    void inTheSameSecondOneThatHasAlreadyWrittenKeepsTheGuest() {
        GuestRedemptionResetStatus written = resolved(USER_ID, OLD_MAIL);
        written.setEmailsUpdatedAt(T0.toString());
        Peer newcomer = peer("ns", "a", T0, spec(NEW_MAIL), null);
        Peer writer = peer("ns", "z", T0, spec("jane@elsewhere.example"), written);
        assertThat(GuestOwnership.check(newcomer, List.of(writer), JANE)).hasValueSatisfying(stall -> {
            assertThat(stall.reason()).isEqualTo(Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE);
            assertThat(stall.message()).contains("ns/z", USER_ID, "Nothing was sent to Graph");
        });
    }

    @Test
    void aResourceFoundByMailNamesTheGuestItResolvedToEvenAfterTheMailChanged() {
        Peer older = peer("ns", "older", T0, byMail(OLD_MAIL, NEW_MAIL), resolved(USER_ID, OLD_MAIL));
        GuestUser janeRenamed = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));
        Peer self = peer("ns", "self", T0.plusSeconds(5), spec("jane@third.example"), null);
        assertThat(GuestOwnership.check(self, List.of(older), janeRenamed)).isPresent();
    }

    @Test
    void resourcesNamingOtherGuestsOrWithAnInvalidSpecDoNotCount() {
        GuestRedemptionResetSpec otherGuest = spec(NEW_MAIL);
        otherGuest.setGuest(new GuestReference(OTHER_USER_ID, null));
        GuestRedemptionResetSpec invalid = spec("not-an-address");
        Peer self = peer("ns", "self", T0.plusSeconds(5), spec(NEW_MAIL), null);
        assertThat(GuestOwnership.check(self, List.of(peer("ns", "a", T0, otherGuest, null), peer("ns", "b", T0, invalid, null)),
                JANE)).isEmpty();
    }

    @Test
    void aByMailResourceThatHasNotResolvedYetNamesTheGuestWithThatMail() {
        Peer older = peer("ns", "older", T0, byMail(OLD_MAIL.toUpperCase(), NEW_MAIL), null);
        Peer self = peer("ns", "self", T0.plusSeconds(1), spec("jane@third.example"), null);
        assertThat(GuestOwnership.check(self, List.of(older), JANE)).isPresent();
    }
}
