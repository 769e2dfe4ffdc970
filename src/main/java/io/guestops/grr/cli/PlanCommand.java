package io.guestops.grr.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.kube.GatewayProvider;
import io.guestops.grr.kube.ConnectionSecrets;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.plan.ClusterView;
import io.guestops.grr.plan.Plan;
import io.guestops.grr.plan.Planner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * `plan FILE|DIR...`: what the operator would do next with each resource, and why, read-only
 * against Graph (and the cluster, when a kubeconfig is given). Exit codes as Terraform's
 * -detailed-exitcode: 0 nothing to do, 2 changes, 1 error.
 */
final class PlanCommand {

    static final String USAGE = """
            Usage: plan FILE|DIR... [options]
              For each GuestRedemptionReset in the files: the operator's next action and why (the PATCH of
              mail/otherMails as a diff, the reset and its address, or the Stalled reason it would end in),
              decided by the operator's own code from what Graph shows now. Only reads reach Graph.
              Exit 0 nothing to do, 2 changes, 1 error (including a resource the API server refuses).
              --output text|markdown    for a terminal (default) or a pull-request comment
              --kubeconfig FILE         take each resource's current status from this cluster (a settled resource
                                        plans "no change") and read the Secrets resources name
              --namespace NS            namespace of resources that name none (default "default")
              --lease-namespace NS      the operator's namespace, where the guests' claims and their reset ledger
                                        live (env POD_NAMESPACE; default default): a request the ledger holds
                                        plans "no change (done on DATE by ...)"
              --no-policies             judge as an operator run with --no-policies (default, with --kubeconfig:
                                        the cluster's GuestRedemptionPolicies, as `run` does)
              tenant, as for `run`:     --tenant-id, --client-id, --graph-endpoint, --authority-host,
                                        --client-certificate, --trust-cert (secret: env AZURE_CLIENT_SECRET)
            """;

    private static final Set<String> VALUED = RunCommand.union(GraphOptions.VALUED, Set.of("output", "kubeconfig", "namespace",
            "lease-namespace"));

    private PlanCommand() {
    }

    static int run(String[] argv) throws Exception {
        Arguments args = Arguments.parse(argv, VALUED, Set.of("no-policies"), true);
        PlanReport report = PlanReport.of(args.value("output", "text"));
        String namespace = args.value("namespace", "default");
        List<Path> files = ValidateCommand.files(args);
        if (!GraphOptions.present(args)) {
            throw new Arguments.UsageError("plan reads the tenant: give --tenant-id and --client-id (or AZURE_TENANT_ID, AZURE_CLIENT_ID)");
        }
        ManifestValidator.Result validated = ValidateCommand.validate(files, namespace);
        List<GuestRedemptionReset> resources = validated.accepted().stream()
                .map(accepted -> withNamespace(accepted.resource(), namespace)).toList();
        GraphConnection connection = GraphOptions.connection(args);
        String kubeconfig = args.value("kubeconfig", null);
        try (KubernetesClient client = kubeconfig == null ? null : RunCommand.kubernetesClient(kubeconfig);
             TenantGateways gateways = new TenantGateways(connection, GraphGateways::create)) {
            Planner planner = client == null
                    ? Planner.withOperatorDefaults(secretsNeedACluster(gateways), (ns, name) -> Optional.empty(), ClusterView.NONE,
                            Clock.systemUTC())
                    : Planner.withOperatorDefaults(gateways, ConnectionSecrets.readFrom(client), ClusterView.of(client, !args.flag("no-policies"),
                            args.value("lease-namespace", "POD_NAMESPACE", OperatorSettings.defaults().claimNamespace())),
                            Clock.systemUTC());
            Plan plan = planner.plan(resources);
            System.out.print(report.render(plan, validated.refusedAtApply()));
            return validated.refusedAtApply().isEmpty() ? plan.exitCode() : 1;
        }
    }

    /** Without a cluster, a resource that names a Secret cannot be planned: say so instead of guessing. */
    private static GatewayProvider secretsNeedACluster(GatewayProvider gateways) {
        return (resource, secrets) -> {
            var connection = resource.getSpec().getConnection();
            if (connection != null && connection.getSecretName() != null && !connection.getSecretName().isBlank()) {
                throw new Planner.CannotPlan("names Secret " + connection.getSecretName().trim()
                        + " for its tenant connection; give --kubeconfig so plan can read it");
            }
            return gateways.gatewayFor(resource, secrets);
        };
    }

    private static GuestRedemptionReset withNamespace(GuestRedemptionReset resource, String namespace) {
        if (resource.getMetadata().getNamespace() == null || resource.getMetadata().getNamespace().isBlank()) {
            resource.getMetadata().setNamespace(namespace);
        }
        return resource;
    }
}
