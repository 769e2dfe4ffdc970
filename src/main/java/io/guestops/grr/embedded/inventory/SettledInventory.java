package io.guestops.grr.embedded.inventory;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.decision.outcome.NextStatus;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.kube.DecisionSetup;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large inventory of resources that are already done: each guest reset once to its address,
 * the emulator's users in the state such a reset leaves, and each resource carrying the status the
 * operator itself records for it. The status is built by the operator's own decision and recording
 * classes (the decision's reset step, the outcome of Graph's 201, {@link NextStatus}), never by
 * hand, so it is exactly what the operator would find after a restart.
 */
public final class SettledInventory {

    /** One settled guest: its resource name, object id and the address it was reset to. */
    public record Guest(String name, String userId, String email) {}

    private static final Instant ACCEPTED = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant RESET_AT = Instant.parse("2026-01-15T08:00:00Z");

    private final ReconcileDecision decision;
    private final Outcomes outcomes;

    public SettledInventory(OperatorSettings settings) {
        DecisionSetup setup = DecisionSetup.deterministic(settings);
        this.decision = setup.decision();
        this.outcomes = setup.outcomes();
    }

    public static List<Guest> guests(int count) {
        List<Guest> guests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "inventory-%05d", i);
            guests.add(new Guest(name, String.format(Locale.ROOT, "1e7e0000-0000-4000-8000-%012d", i), name + "@partner.example"));
        }
        return guests;
    }

    /** The examples' tenant and application plus the guests, each as a reset left it (PendingAcceptance, its address in otherMails). */
    public static Seed seed(Path examplesSeed, List<Guest> guests) {
        Seed base = Seed.load(examplesSeed);
        String tenant = base.tenants().get(0).id();
        String hostDomain = base.tenants().get(0).defaultDomain();
        List<DirectoryUser> users = new ArrayList<>(base.users());
        for (Guest g : guests) {
            users.add(new DirectoryUser(g.userId(), tenant, g.name(), null, null,
                    DirectoryUser.guestUserPrincipalName(g.email(), hostDomain), g.email(), List.of(g.email()),
                    List.of("SMTP:" + g.email()), "Guest", "Invitation", "PendingAcceptance", RESET_AT, List.of(), null, null,
                    null, null, List.of(), true, ACCEPTED));
        }
        return new Seed(base.tenants(), base.applications(), users, base.roleAssignments(), base.groups());
    }

    /** The guest's resource, by object id, as a user would write it. */
    public static GuestRedemptionReset resource(Guest guest, String namespace) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(guest.userId(), null));
        spec.setDesiredEmail(guest.email());
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(guest.name()).withNamespace(namespace).build());
        resource.setSpec(spec);
        return resource;
    }

    /**
     * The status the operator records when Graph answered the guest's reset with 201: the decision
     * asks for the reset, the outcome of the answer is recorded into an empty status.
     */
    public GuestRedemptionResetStatus settledStatus(GuestRedemptionReset resource, Guest guest) {
        GuestUser before = new GuestUser(guest.userId(), guest.name(), null, guest.email(), List.of(guest.email()), "Guest",
                "Invitation", "Accepted", OffsetDateTime.ofInstant(ACCEPTED, ZoneOffset.UTC), List.of(), List.of("SMTP:" + guest.email()));
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        Peer self = new Peer(new ResourceRef(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), RESET_AT),
                resource.getSpec(), status);
        Step step = decision.decide(resource.getSpec(), new Observation.Found(before, List.of(), List.of()), status, self, List.of(),
                RESET_AT);
        if (!(step instanceof Step.IssueReset reset)) {
            throw new IllegalStateException("the decision did not ask for the reset of " + guest + ": " + step);
        }
        Outcome answered = outcomes.afterReset(reset, GraphResult.success(new IssuedInvitation("inventory-invitation-"
                + guest.userId(), "PendingAcceptance", guest.userId()), null), status, RESET_AT);
        Long generation = resource.getMetadata().getGeneration();
        NextStatus.apply(status, answered, new ResolvedGuest(guest.userId(), guest.email()), guest.email(), "",
                generation == null ? 0 : generation, RESET_AT);
        return status;
    }

    /** The guest's resource at generation 1 with the status the operator recorded for it. */
    public GuestRedemptionReset settled(Guest guest, String namespace) {
        GuestRedemptionReset resource = resource(guest, namespace);
        resource.getMetadata().setGeneration(1L);
        resource.setStatus(settledStatus(resource, guest));
        return resource;
    }
}
