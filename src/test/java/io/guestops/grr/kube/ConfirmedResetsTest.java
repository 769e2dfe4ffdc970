package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import org.junit.jupiter.api.Test;

/** A reset Graph confirmed but status could not record yet is put back, and only where it belongs. */
class ConfirmedResetsTest {

    private static final String USER = "7d000000-0000-4000-8000-0000000000aa";
    private static final ResetRecord TO_A = new ResetRecord(USER, "a@x.example", "inv-a", "2026-01-01T00:00:00Z", "GraphResponse");
    private static final ResetRecord TO_B = new ResetRecord(USER, "b@x.example", "inv-b", "2026-01-02T00:00:00Z", "GraphResponse");

    private final ConfirmedResets confirmed = new ConfirmedResets();

    @Test
    void aRememberedRecordSettlesTheIntentStatusStillShows() {
        GuestRedemptionReset resource = resource(intent("a@x.example"), null);
        confirmed.remember(resource, TO_A);

        GuestRedemptionResetStatus draft = new GuestRedemptionResetStatus();
        draft.setPendingReset(intent("a@x.example"));
        confirmed.restoreInto(resource, draft);

        assertThat(draft.getReset()).isSameAs(TO_A);
        assertThat(draft.getPendingReset()).isNull();
    }

    @Test
    void anOldRecordNeverOverwritesANewerOneOnceStatusMovedOn() {
        GuestRedemptionReset before = resource(intent("a@x.example"), null);
        confirmed.remember(before, TO_A);

        // The spec moved to b and status recorded a reset to b; the memory of a is stale.
        GuestRedemptionReset after = resource(null, TO_B);
        GuestRedemptionResetStatus draft = new GuestRedemptionResetStatus();
        draft.setReset(TO_B);
        confirmed.restoreInto(after, draft);
        assertThat(draft.getReset()).isSameAs(TO_B);

        // And it is forgotten: even if status showed the old intent again, nothing comes back.
        GuestRedemptionResetStatus later = new GuestRedemptionResetStatus();
        confirmed.restoreInto(resource(intent("a@x.example"), null), later);
        assertThat(later.getReset()).isNull();
    }

    private static PendingReset intent(String email) {
        return new PendingReset(USER, email, null, "2026-01-01T00:00:00Z", 1);
    }

    private static GuestRedemptionReset resource(PendingReset pending, ResetRecord recorded) {
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("default").withUid("uid-1").build());
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setPendingReset(pending);
        status.setReset(recorded);
        resource.setStatus(status);
        return resource;
    }
}
