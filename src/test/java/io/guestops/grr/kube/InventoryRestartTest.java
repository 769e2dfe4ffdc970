package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.embedded.inventory.InventoryReport;
import io.guestops.grr.embedded.inventory.InventoryRestart;
import io.guestops.grr.embedded.inventory.SettledInventory;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restart in front of a large inventory of settled resources: the operator reconciles each one,
 * writes nothing to Graph or Kubernetes, and reads Graph's delta pages, not each guest.
 */
class InventoryRestartTest {

    /**
     * Issue 11's size, 10,000 (about 40 s here on a quiet machine: the mock serves its lists of
     * 10,000 on one thread); {@code -Dgrr.inventory.resources=N} to try another.
     */
    private static final int RESOURCES = Integer.getInteger("grr.inventory.resources", 10_000);
    private static final List<SettledInventory.Guest> GUESTS = SettledInventory.guests(RESOURCES);

    /** The inventory starts (and restarts) its own operator. */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withoutOperator(
            () -> SettledInventory.seed(Seeds.EXAMPLES.resolve("emulator/seed.yaml"), GUESTS));

    @Test
    void aRestartInFrontOfSettledResourcesWritesNothingAndReadsDeltaPagesNotGuests() throws Exception {
        OperatorSettings settings = OperatorSettings.defaults();
        DevEnvironment environment = DEV.environment();
        InventoryRestart inventory = new InventoryRestart(environment, settings);
        Duration seeding = inventory.seed(GUESTS, done -> { });
        System.out.println("Seeded " + RESOURCES + " settled resources in " + seeding);
        long writesBefore = kubernetesWrites(environment);

        InventoryReport report = inventory.restart(RESOURCES, Duration.ofMinutes(5), System.out::println);
        report.print(System.out);

        assertThat(report.failedPasses()).as("passes that threw").isZero();
        assertThat(report.graphWrites()).as("Graph writes during the restart").isZero();
        assertThat(report.graphReads()).as("Graph reads: delta pages, not one per resource").isLessThanOrEqualTo(RESOURCES / 50 + 5);
        assertThat(environment.emulator().journal()).as("no guest read one by one")
                .noneMatch(e -> e.path().matches("/v1\\.0/users/[0-9a-f-]{36}.*"))
                .anyMatch(e -> e.path().startsWith("/v1.0/users/delta"));
        assertThat(inventory.operator().cachedResources()).as("every resource, still Ready for its generation")
                .hasSize(RESOURCES).allMatch(r -> r.hasSettled() && r.getStatus().conditionIsTrue("Ready"));
        assertThat(kubernetesWrites(environment)).as("Kubernetes writes during the restart (status, Events)").isEqualTo(writesBefore);
    }

    private static long kubernetesWrites(DevEnvironment environment) {
        return List.of("POST", "PUT", "PATCH", "DELETE").stream()
                .mapToLong(method -> environment.kubernetes().requestCountUnder(method, "/api")).sum();
    }
}
