package io.guestops.grr.embedded.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.guestops.grr.emulator.journal.JournalEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How the benchmark reads the emulator's journal: routes, round trips, 429s and admitted writes. */
class GraphTrafficTest {

    private static final String USER = "b3e4c000-0000-4000-8000-000000000001";

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "GET   | /v1.0/users/" + USER + "?$select=id,mail                                   | GET /v1.0/users/{id}",
            "PATCH | /v1.0/users/" + USER + "                                                   | PATCH /v1.0/users/{id}",
            "GET   | /v1.0/users?$filter=mail%20eq%20%27a%40b.example%27                         | GET /v1.0/users (by mail)",
            "GET   | /v1.0/users?$filter=mail%20eq%20%27a%40b%27%20or%20proxyAddresses/any(x:x%20eq%20%27smtp:a%40b%27) | GET /v1.0/users (address holders)",
            "GET   | /v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20%27" + USER + "%27 | GET /v1.0/roleManagement/directory/roleAssignments",
            "POST  | /v1.0/invitations                                                          | POST /v1.0/invitations"})
    void namesEachRouteWithoutIdsOrValues(String method, String path, String route) {
        assertThat(GraphTraffic.route(method, path)).isEqualTo(route);
    }

    @Test
    void aBatchIsOneRoundTripWhileEachPartCountsAsARequest() {
        GraphTraffic traffic = GraphTraffic.of(List.of(
                entry("GET", "/v1.0/users/" + USER, null, 200),
                entry("GET", "/v1.0/roleManagement/directory/roleAssignments", null, 200),
                entry("POST", "/v1.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/x\"},"
                        + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/roleManagement/directory/roleAssignments\"}]}", 200),
                entry("PATCH", "/v1.0/users/" + USER, "{}", 204)));

        assertThat(traffic.roundTrips()).as("the batch and the PATCH").isEqualTo(2);
        assertThat(traffic.requests("GET /v1.0/users/{id}")).isEqualTo(1);
        assertThat(traffic.writesAdmitted()).isEqualTo(1);
    }

    @Test
    void throttledWritesAreCountedAsRefusedNotAdmitted() {
        GraphTraffic traffic = GraphTraffic.of(List.of(
                entry("POST", "/v1.0/invitations", "{}", 429),
                entry("POST", "/v1.0/invitations", "{}", 201),
                entry("POST", "/3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c/oauth2/v2.0/token", null, 200)));

        assertThat(traffic.throttled()).isEqualTo(1);
        assertThat(traffic.writesAdmitted()).isEqualTo(1);
        assertThat(traffic.roundTrips()).as("token requests are not Graph calls").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} at once, then {1} one every {2} ms; bucket {3} refilling 4/s -> sustained {4} writes/s")
    @CsvSource({
            // The burst empties the bucket at once; then one write per refilled token: 4 writes/s.
            "10, 10, 250, 10, 4.0",
            // Faster than the refill once dry (what a throttle would refuse; the arithmetic still holds).
            "10, 40, 100, 10, 10.0",
            // Dry, but a single write followed: no rate to speak of.
            "10, 1,  250, 10, ",
            // A slow writer never empties the bucket: the run was not throttle-bound.
            "1,  30, 250, 10, ",
            // Half the bucket at once, then 8 writes/s drain it by 4/s: dry after the next 12 or so.
            "5,  40, 125, 10, 8.0",
    })
    void theSustainedRateCountsTheWritesAfterTheBucketRanDry(int atOnce, int then, int everyMillis, int capacity, Double expected) {
        List<JournalEntry> journal = new java.util.ArrayList<>();
        for (int i = 0; i < atOnce + then; i++) {
            Instant at = Instant.EPOCH.plusMillis(i < atOnce ? 0 : (long) (i - atOnce + 1) * everyMillis);
            journal.add(new JournalEntry(at, "r", "c", "app", "PATCH", "/v1.0/users/" + USER, "{}", 204, true, false, false, null));
        }
        journal.add(entry("PATCH", "/v1.0/users/" + USER, "{}", 429));
        GraphTraffic traffic = GraphTraffic.of(journal);

        if (expected == null) {
            assertThat(traffic.sustainedWriteRate(capacity, 4.0)).isNull();
        } else {
            assertThat(traffic.sustainedWriteRate(capacity, 4.0)).isCloseTo(expected, within(1e-6));
        }
        assertThat(traffic.throttledShare()).isEqualTo(1.0 / (atOnce + then + 1));
    }

    private static JournalEntry entry(String method, String path, String body, int status) {
        return new JournalEntry(Instant.EPOCH, "r", "c", "app", method, path, body, status, status / 100 == 2, false, false, null);
    }
}
