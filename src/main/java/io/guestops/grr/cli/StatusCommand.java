package io.guestops.grr.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * `status`: the table `dev` ends with, for any cluster: every GuestRedemptionReset, its
 * conditions, reason and reset time, filtered by namespace and condition; {@code --watch} prints
 * it again whenever it changes.
 */
final class StatusCommand {

    static final String USAGE = """
            Usage: status [options]
              --kubeconfig FILE                     the cluster (default: KUBECONFIG, ~/.kube/config or in-cluster)
              --namespace NS                        only this namespace (default: every namespace)
              --condition Ready|Stalled|Reconciling only resources with this condition True
              --watch                               print the table again whenever it changes (Ctrl-C stops)
              --timeout DURATION                    with --watch: stop after this long (default: never)
            """;

    static final Set<String> CONDITIONS = Set.of("Ready", "Stalled", "Reconciling");
    private static final Set<String> VALUED = Set.of("kubeconfig", "namespace", "condition", "timeout");
    private static final Duration POLL = Duration.ofSeconds(1);

    private StatusCommand() {
    }

    static int run(String[] argv) throws Exception {
        Arguments args = Arguments.parse(argv, VALUED, Set.of("watch"));
        String namespace = args.value("namespace", null);
        String condition = args.value("condition", null);
        if (condition != null && !CONDITIONS.contains(condition)) {
            throw new Arguments.UsageError("--condition: expected Ready, Stalled or Reconciling, got '" + condition + "'");
        }
        Duration timeout = args.duration("timeout", null);
        try (KubernetesClient client = RunCommand.kubernetesClient(args.value("kubeconfig", null))) {
            String shown = table(list(client, namespace, condition), namespace == null);
            System.out.print(shown);
            if (!args.flag("watch")) {
                return 0;
            }
            Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(POLL.toMillis());
                String current = table(list(client, namespace, condition), namespace == null);
                if (!current.equals(shown)) {
                    System.out.print("\n" + current);
                    shown = current;
                }
            }
            return 0;
        }
    }

    static List<GuestRedemptionReset> list(KubernetesClient client, String namespace, String condition) {
        var resources = client.resources(GuestRedemptionReset.class);
        List<GuestRedemptionReset> all = namespace == null ? resources.inAnyNamespace().list().getItems()
                : resources.inNamespace(namespace).list().getItems();
        return all.stream().filter(r -> condition == null || ResourceTable.is(r, condition))
                .sorted(Comparator.comparing((GuestRedemptionReset r) -> r.getMetadata().getNamespace())
                        .thenComparing(r -> r.getMetadata().getName()))
                .toList();
    }

    private static String table(List<GuestRedemptionReset> resources, boolean withNamespace) {
        if (resources.isEmpty()) {
            return "No GuestRedemptionResets found.\n";
        }
        return ResourceTable.of(resources, withNamespace, List.of(), r -> List.of()).render();
    }
}
