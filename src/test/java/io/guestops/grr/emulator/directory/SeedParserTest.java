package io.guestops.grr.emulator.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeedParserTest {

    @Test
    void sampleSeedLoads() {
        Seed seed = Seed.sample();

        assertThat(seed.tenants()).singleElement().satisfies(t -> assertThat(t.defaultDomain()).isEqualTo("fabrikam.onmicrosoft.com"));
        assertThat(seed.applications()).hasSize(2);
        assertThat(seed.users()).hasSize(4);
        assertThat(seed.roleAssignments()).hasSize(1);
        DirectoryUser john = seed.users().get(0);
        assertThat(john.externalUserStateChangeDateTime()).isEqualTo(Instant.parse("2024-03-01T09:30:00Z"));
        assertThat(john.proxyAddresses()).containsExactly("SMTP:john@contoso.com");
    }

    @Test
    void applicationToStringNeverShowsSecrets() {
        assertThat(Seed.sample().applications().get(0).toString()).doesNotContain("dev-only-secret-change-me");
    }

    @Test
    void badTimestampNamesLineAndField() {
        String yaml = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                users:
                  - id: u1
                    externalUserStateChangeDateTime: yesterday
                """;

        assertThatThrownBy(() -> Seed.parse(yaml)).isInstanceOf(SeedException.class)
                .hasMessage("seed line 6: users[0].externalUserStateChangeDateTime: not an ISO-8601 instant such as 2024-05-01T10:00:00Z: 'yesterday'");
    }

    @Test
    void unknownFieldMissingFieldAndUnknownTenantAreNamed() {
        String unknownField = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                users:
                  - id: u1
                    email: a@b.com
                """;
        String missingId = """
                tenants:
                  - defaultDomain: d.onmicrosoft.com
                """;
        String unknownTenant = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                applications:
                  - clientId: c1
                    tenantId: t2
                """;

        assertThatThrownBy(() -> Seed.parse(unknownField)).hasMessageStartingWith("seed line 6: users[0].email: unknown field");
        assertThatThrownBy(() -> Seed.parse(missingId)).hasMessage("seed line 2: tenants[0].id: is required");
        assertThatThrownBy(() -> Seed.parse(unknownTenant)).hasMessage("seed line 6: applications[0].tenantId: no tenant with id 't2' in tenants");
    }

    @Test
    void malformedYamlAndBadCertificateGiveALineNotAStackTrace() {
        String broken = """
                tenants:
                  - id: t1
                   defaultDomain: [unclosed
                """;
        String badPem = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                applications:
                  - clientId: c1
                    certificates: ["not a pem"]
                """;

        assertThatThrownBy(() -> Seed.parse(broken)).isInstanceOf(SeedException.class).hasMessageStartingWith("seed line 3");
        assertThatThrownBy(() -> Seed.parse(badPem)).hasMessage("seed line 6: applications[0].certificates[0]: not a PEM X.509 certificate");
    }

    @Test
    void duplicateUserIdsAndBadUserTypeAreRefused() {
        String yaml = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                users:
                  - id: u1
                  - id: U1
                """;
        String userType = """
                tenants:
                  - id: t1
                    defaultDomain: d.onmicrosoft.com
                users:
                  - id: u1
                    userType: guest
                """;

        assertThatThrownBy(() -> Seed.parse(yaml)).hasMessage("seed line 6: users[1].id: duplicate user id 'U1'");
        assertThatThrownBy(() -> Seed.parse(userType)).hasMessage("seed line 6: users[0].userType: expected Member or Guest, got 'guest'");
    }
}
