package io.guestops.grr.plan;

import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.decision.GuestLedger;
import io.guestops.grr.decision.GuestClaim;
import io.guestops.grr.decision.Admission;
import io.guestops.grr.decision.GuestFacts;
import io.guestops.grr.decision.PolicyCheck;
import io.guestops.grr.decision.Observation;
import io.guestops.grr.decision.Outcome;
import io.guestops.grr.decision.Outcomes;
import io.guestops.grr.decision.Peer;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.Reasons;
import io.guestops.grr.decision.ResolvedGuest;
import io.guestops.grr.decision.ResourceRef;
import io.guestops.grr.decision.SpecProblem;
import io.guestops.grr.decision.SpecValidator;
import io.guestops.grr.decision.Step;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.kube.GatewayProvider;
import io.guestops.grr.kube.GuestObserver;
import io.guestops.grr.decision.Guardrails;
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

    /** A resource the plan cannot be made for, with the reason (for example a Secret it cannot read). */
    public static final class CannotPlan extends RuntimeException {
        public CannotPlan(String message) {
            super(message);
        }
    }

    private final GatewayProvider gateways;
    private final GatewayProvider.SecretLookup secrets;
    private final ReconcileDecision decision;
    private final Outcomes outcomes;
    private final ClusterView cluster;
    private final Clock clock;
    private final GuestObserver observer;

    public Planner(GatewayProvider gateways, GatewayProvider.SecretLookup secrets, ReconcileDecision decision, Outcomes outcomes,
                   ClusterView cluster, Clock clock) {
        this.gateways = gateways;
        this.secrets = secrets;
        this.observer = new GuestObserver(new VerifiedDomains(clock));
        this.decision = decision;
        this.outcomes = outcomes;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** The decision and outcomes exactly as the operator builds them, with the operator's default timings. */
    public static Planner withOperatorDefaults(GatewayProvider gateways, GatewayProvider.SecretLookup secrets, ClusterView cluster,
                                               Clock clock) {
        // Backoff only shapes retry delays, which a plan does not show: a fixed jitter keeps it deterministic.
        DecisionSetup setup = DecisionSetup.deterministic(OperatorSettings.defaults());
        return new Planner(gateways, secrets, setup.decision(), setup.outcomes(), cluster, clock);
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
        String name = key(resource);
        List<SpecProblem> problems = SpecValidator.validate(resource.getSpec());
        if (!problems.isEmpty()) {
            Outcome invalid = outcomes.invalidSpec(problems);
            return new PlannedAction(name, PlannedAction.Kind.REFUSED, invalid.reason(), invalid.message(), null, null, null);
        }
        Guardrails guardrails = cluster.guardrailsFor(namespace(resource));
        // As the operator: the policy rules that need no Graph fact are judged before any read.
        if (PolicyCheck.admit(guardrails, resource.getSpec(), GuestFacts.UNREAD) instanceof Admission.Denied denied) {
            return new PlannedAction(name, PlannedAction.Kind.REFUSED, Reasons.POLICY_DENIED, denied.message(), null, null, null);
        }
        GraphGateway graph;
        try {
            graph = gateways.gatewayFor(resource, secrets);
        } catch (GatewayProvider.ConnectionProblem problem) {
            Outcome outcome = outcomes.connectionProblem(problem.getMessage(), problem.isTemporary());
            return new PlannedAction(name, outcome.isStalled() ? PlannedAction.Kind.REFUSED : PlannedAction.Kind.ERROR,
                    outcome.reason(), outcome.message(), null, null, null);
        } catch (CannotPlan cannot) {
            return new PlannedAction(name, PlannedAction.Kind.ERROR, null, cannot.getMessage(), null, null, null);
        }
        GuestRedemptionResetStatus status = withClaimedResolution(resource, self.status());
        Observation observation = observer.observe(graph, resource.getSpec(), status, guardrails);
        List<Peer> peers = observation instanceof Observation.Found ? others : List.of();
        Admission admission = observation instanceof Observation.Found found
                ? PolicyCheck.admit(guardrails, resource.getSpec(), GuestFacts.of(found, status)) : Admission.UNRESTRICTED;
        Step step = decision.decide(resource.getSpec(), observation, status, self, peers, admission, clock.instant());
        if (step.writesToGraph() && observation instanceof Observation.Found found) {
            // As the operator before a write: the guest's claim and its reset ledger decide whether the request is done.
            GuestLedger ledger = cluster.ledgerOf(found.user().id());
            step = decision.decide(resource.getSpec(), observation, status, self, peers, admission,
                    new GuestClaim.HeldBySelf(ledger), clock.instant());
        }
        String userId = observation instanceof Observation.Found found ? found.user().id() : null;
        return describe(name, userId, step, resource, observation, status, self, peers);
    }

    /**
     * As the operator: a resource without a resolution of its own (re-created, moved, restored) takes
     * the one its guest's claim keeps when the claim's ledger holds its request.
     */
    private GuestRedemptionResetStatus withClaimedResolution(GuestRedemptionReset resource, GuestRedemptionResetStatus status) {
        if (status != null && status.getUserId() != null) {
            return status;
        }
        return cluster.resolutionFor(resource.getSpec()).map(resolved -> {
            GuestRedemptionResetStatus adopted = new GuestRedemptionResetStatus();
            adopted.setUserId(resolved.userId());
            adopted.setPreviousEmail(resolved.previousEmail());
            return adopted;
        }).orElse(status);
    }

    private PlannedAction describe(String name, String userId, Step step, GuestRedemptionReset resource, Observation observation,
                                   GuestRedemptionResetStatus status, Peer self, List<Peer> peers) {
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
            Observation.Found found = (Observation.Found) observation;
            EmailDiff diff = EmailDiff.of(found.user(), update.update());
            Step next = afterPatch(resource, found, update, status, self, peers);
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
    private Step afterPatch(GuestRedemptionReset resource, Observation.Found found, Step.UpdateEmails update,
                            GuestRedemptionResetStatus status, Peer self, List<Peer> peers) {
        GuestUser before = found.user();
        GuestUser after = new GuestUser(before.id(), before.displayName(), before.userPrincipalName(),
                update.update().mail() != null ? update.update().mail() : before.mail(),
                update.update().otherMails() != null ? update.update().otherMails() : before.otherMails(),
                before.userType(), before.creationType(), before.externalUserState(), before.externalUserStateChangeDateTime(),
                before.identities(), before.proxyAddresses());
        ResolvedGuest guest = ReconcileDecision.resolve(found, status);
        GuestRedemptionResetStatus written = new GuestRedemptionResetStatus();
        if (status != null) {
            written.setReset(status.getReset());
            written.setPendingReset(status.getPendingReset());
        }
        written.setUserId(guest.userId());
        written.setPreviousEmail(guest.previousEmail());
        return decision.decide(resource.getSpec(), new Observation.Found(after, found.roles(), found.addressHolders()), written,
                self, peers, clock.instant());
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
