package io.guestops.grr.plan;

import io.guestops.grr.model.ResetRecord;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.kube.PassContext;
import io.guestops.grr.kube.PassEffects;
import io.guestops.grr.kube.ReconcilePass;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import java.util.function.Supplier;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.kube.GatewayProvider;
import io.guestops.grr.kube.GuestObserver;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.kube.VerifiedDomains;
import io.guestops.grr.kube.DecisionSetup;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `plan`: for each resource, one pass of what the operator runs (validate, the tenant connection,
 * {@link GuestObserver}'s reads, {@link ReconcileDecision#decide} with the other resources as
 * peers), stopped before anything is written. Where the first step is the address PATCH, the
 * decision is asked again about the user as the PATCH would leave it, to say whether a reset follows.
 * Only reads reach Graph: the gateway's write methods are never called.
 */
public final class Planner {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A resource the plan cannot be made for, with the reason (for example a Secret it cannot read). */
    public static final class CannotPlan extends RuntimeException {
        public CannotPlan(String message) {
            super(message);
        }
    }

    private final GatewayProvider gateways;
    private final GatewayProvider.SecretLookup secrets;
    private final ReconcilePass reconcilePass;
    private final ClusterView cluster;
    private final Clock clock;
    private final GuestObserver observer;

    public Planner(GatewayProvider gateways, GatewayProvider.SecretLookup secrets, DecisionSetup setup,
                   ClusterView cluster, Clock clock) {
        this.gateways = gateways;
        this.secrets = secrets;
        this.observer = new GuestObserver(new VerifiedDomains(clock));
        this.reconcilePass = new ReconcilePass(setup, clock);
        this.cluster = cluster;
        this.clock = clock;
    }

    /** The decision and outcomes exactly as the operator builds them, with the operator's default timings. */
    public static Planner withOperatorDefaults(GatewayProvider gateways, GatewayProvider.SecretLookup secrets, ClusterView cluster,
                                               Clock clock) {
        // Backoff only shapes retry delays, which a plan does not show: a fixed jitter keeps it deterministic.
        return new Planner(gateways, secrets, DecisionSetup.deterministic(OperatorSettings.defaults()), cluster, clock);
    }

    /** @param resources the resources of the files, each with its namespace set */
    public Plan plan(List<GuestRedemptionReset> resources) {
        Map<String, Peer> peers = new LinkedHashMap<>();
        cluster.all().forEach(existing -> peers.put(key(existing), peerOf(existing, existing.getStatus())));
        Map<String, Peer> selves = new LinkedHashMap<>();
        for (GuestRedemptionReset resource : resources) {
            Optional<GuestRedemptionReset> current = cluster.current(namespace(resource), resource.getMetadata().getName());
            Peer self = peerOf(current.orElse(resource), current.map(GuestRedemptionReset::getStatus).orElse(null), resource);
            selves.put(key(resource), self);
            peers.put(key(resource), self);
        }
        List<PlannedAction> actions = new ArrayList<>();
        for (GuestRedemptionReset resource : resources) {
            Peer self = selves.get(key(resource));
            List<Peer> others = peers.entrySet().stream().filter(e -> !e.getKey().equals(key(resource)))
                    .map(Map.Entry::getValue).toList();
            actions.add(planOne(resource, self, others));
        }
        return new Plan(actions);
    }

    private PlannedAction planOne(GuestRedemptionReset resource, Peer self, List<Peer> others) {
        PassContext pass = new PassContext(resource, copyOf(self.status()), self);
        try {
            return reconcilePass.run(pass, new ReadOnlyEffects(key(resource), others));
        } catch (CannotPlan cannot) {
            return new PlannedAction(key(resource), PlannedAction.Kind.ERROR, null, cannot.getMessage(), null, null, null);
        }
    }

    /**
     * `plan`'s effects: the operator's reads, the cluster's claims and ledgers as {@link ClusterView}
     * shows them, and no write; the pass's end becomes the planned action. A plan signs in as its own
     * application and reserves no room under a policy's limit.
     */
    private final class ReadOnlyEffects implements PassEffects<PlannedAction> {

        private final String name;
        private final List<Peer> others;

        ReadOnlyEffects(String name, List<Peer> others) {
            this.name = name;
            this.others = others;
        }

        @Override
        public Optional<ResolvedGuest> claimedResolution(GuestRedemptionResetSpec spec) {
            return cluster.resolutionFor(spec);
        }

        @Override
        public Guardrails guardrailsFor(GuestRedemptionReset resource) {
            return cluster.guardrailsFor(namespace(resource));
        }

        @Override
        public GraphGateway gatewayFor(GuestRedemptionReset resource) throws GatewayProvider.ConnectionProblem {
            return gateways.gatewayFor(resource, secrets);
        }

        @Override
        public Optional<PlannedAction> endWithoutRead(PassContext pass) {
            return Optional.empty();
        }

        @Override
        public PlannedAction inGraphBudget(PassContext pass, Supplier<PlannedAction> graphWork) {
            return graphWork.get();
        }

        @Override
        public Observation observe(PassContext pass) {
            return observer.observe(pass.graph(), pass.resource().getSpec(), pass.status(), pass.guardrails());
        }

        @Override
        public List<Peer> othersNaming(PassContext pass, GuestUser user) {
            return others;
        }

        @Override
        public PlannedAction exclusively(String userId, Supplier<PlannedAction> work) {
            return work.get();
        }

        @Override
        public void releaseGuest(PassContext pass) {
        }

        @Override
        public GuestClaim knownClaim(PassContext pass, String userId) {
            return GuestClaim.UNREAD;
        }

        /** As the operator before a write: the guest's claim and its reset ledger decide whether the request is done. */
        @Override
        public GuestClaim accessClaim(PassContext pass, ClaimRule.Access access, GuestUser user) {
            return access == ClaimRule.Access.TAKE ? new GuestClaim.HeldBySelf(cluster.ledgerOf(user.id())) : pass.claim();
        }

        @Override
        public GuestClaim withEntraCopy(PassContext pass, GuestClaim claim) {
            return claim;
        }

        @Override
        public Step withinResetLimit(PassContext pass, Step step) {
            return step;
        }

        @Override
        public PlannedAction endBeforeGraph(PassContext pass, Outcome outcome) {
            return new PlannedAction(name, outcome.isStalled() ? PlannedAction.Kind.REFUSED : PlannedAction.Kind.ERROR,
                    outcome.reason(), outcome.message(), null, null, null);
        }

        @Override
        public PlannedAction act(PassContext pass, Step step) {
            Observation observation = pass.observation();
            String userId = observation instanceof Observation.Found found ? found.user().id() : null;
            return describe(name, userId, step, pass);
        }
    }

    /** The plan's own copy of a status: the pass changes it, and the cluster's object is shared with the peers. */
    private static GuestRedemptionResetStatus copyOf(GuestRedemptionResetStatus status) {
        return status == null ? new GuestRedemptionResetStatus() : SERIALIZATION.clone(status);
    }

    private PlannedAction describe(String name, String userId, Step step, PassContext pass) {
        GuestRedemptionReset resource = pass.resource();
        if (step instanceof Step.Stall stall) {
            // The plan signs in as its own (read-only) application: a refusal of that sign-in says
            // nothing about what the operator's application may do, so it is the plan's error.
            boolean plansOwnConnection = resource.getSpec().getConnection() == null;
            PlannedAction.Kind kind = plansOwnConnection && Reasons.GRAPH_ACCESS_DENIED.equals(stall.reason())
                    ? PlannedAction.Kind.ERROR : PlannedAction.Kind.REFUSED;
            return new PlannedAction(name, kind, stall.reason(), stall.message(), userId, null, null);
        }
        if (step instanceof Step.Wait wait) {
            return new PlannedAction(name, PlannedAction.Kind.ERROR, wait.reason(), wait.message(), userId, null, null);
        }
        if (step instanceof Step.IssueReset reset) {
            return new PlannedAction(name, PlannedAction.Kind.CHANGE, null, resetMessage(reset), userId, null,
                    reset.invitation().email());
        }
        if (step instanceof Step.UpdateEmails update) {
            Observation.Found found = (Observation.Found) pass.observation();
            EmailDiff diff = EmailDiff.of(found.user(), update.update());
            Step next = afterPatch(pass, found, update);
            String resetTo = next instanceof Step.IssueReset reset ? reset.invitation().email() : null;
            String message = "PATCH " + update.update().describe()
                    + (next instanceof Step.IssueReset reset ? "; then " + resetMessage(reset) : "");
            return new PlannedAction(name, PlannedAction.Kind.CHANGE, null, message, userId, diff, resetTo);
        }
        if (step instanceof Step.Settled settled) {
            return new PlannedAction(name, PlannedAction.Kind.NOTHING, null, "Entra ID matches the spec and the reset to "
                    + settled.reset().getEmail() + " is done.", userId, null, null);
        }
        if (step instanceof Step.AdoptReset adopt) {
            ResetRecord done = adopt.record();
            return new PlannedAction(name, PlannedAction.Kind.NOTHING, null, "no change (done on " + done.getIssuedAt()
                    + (done.getIssuedBy() == null ? "" : " by " + done.getIssuedBy()) + ", recorded in the reset ledger; "
                    + "this resource adopts the record and sends nothing)", userId, null, null);
        }
        if (step instanceof Step.AwaitResetOutcome await) {
            return new PlannedAction(name, PlannedAction.Kind.NOTHING, null, await.message(), userId, null, null);
        }
        if (step instanceof Step.ConfirmReset confirm) {
            return new PlannedAction(name, PlannedAction.Kind.NOTHING, null, "A reset to " + confirm.record().getEmail()
                    + " took effect; the operator records it (no Graph write).", userId, null, null);
        }
        Step.DropPendingReset drop = (Step.DropPendingReset) step;
        return new PlannedAction(name, PlannedAction.Kind.NOTHING, null, drop.message(), userId, null, null);
    }

    /**
     * The decision about the user as the PATCH would leave it: with the status the operator would
     * have written by then (the guest's id and its mail before the change).
     */
    private Step afterPatch(PassContext pass, Observation.Found found, Step.UpdateEmails update) {
        GuestRedemptionResetStatus status = pass.status();
        GuestUser before = found.user();
        GuestUser after = new GuestUser(before.id(), before.displayName(), before.userPrincipalName(),
                update.update().mail() != null ? update.update().mail() : before.mail(),
                update.update().otherMails() != null ? update.update().otherMails() : before.otherMails(),
                before.userType(), before.creationType(), before.externalUserState(), before.externalUserStateChangeDateTime(),
                before.identities(), before.proxyAddresses());
        ResolvedGuest guest = ResolvedGuest.of(found, status);
        GuestRedemptionResetStatus written = new GuestRedemptionResetStatus();
        if (status != null) {
            written.setReset(status.getReset());
            written.setPendingReset(status.getPendingReset());
        }
        written.setUserId(guest.userId());
        written.setPreviousEmail(guest.previousEmail());
        return reconcilePass.decideAfter(pass, new Observation.Found(after, found.roles(), found.addressHolders()), written);
    }

    private static String resetMessage(Step.IssueReset reset) {
        return "reset the redemption to " + reset.invitation().email() + " ("
                + (reset.invitation().sendInvitationMessage() ? "Graph emails the invitation" : "no invitation email") + ")";
    }

    private static Peer peerOf(GuestRedemptionReset existing, GuestRedemptionResetStatus status) {
        return peerOf(existing, status, existing);
    }

    /** The resource as the operator's cache would show it: the spec from the files, age and status from the cluster. */
    private static Peer peerOf(GuestRedemptionReset existing, GuestRedemptionResetStatus status, GuestRedemptionReset desired) {
        String created = existing.getMetadata().getCreationTimestamp();
        return new Peer(new ResourceRef(namespace(desired), desired.getMetadata().getName(),
                created == null ? null : Instant.parse(created)), desired.getSpec(), status);
    }

    private static String namespace(GuestRedemptionReset resource) {
        return resource.getMetadata().getNamespace();
    }

    private static String key(GuestRedemptionReset resource) {
        return namespace(resource) + "/" + resource.getMetadata().getName();
    }
}
