package io.guestops.grr.emulator.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void sampleSeedHasDomainsAndANestedGroup() {
        Seed seed = Seed.sample();

        assertThat(seed.tenants().get(0).domains()).extracting(Domain::name, Domain::verified, Domain::isDefault, Domain::initial)
                .containsExactly(tuple("fabrikam.onmicrosoft.com", true, true, true), tuple("fabrikam.com", true, false, false),
                        tuple("fabrikam-lab.com", false, false, false));
        assertThat(seed.groups()).hasSize(2);
        assertThat(seed.groups().get(0).memberIds()).contains(seed.groups().get(1).id());
    }

    @ParameterizedTest(name = "defaultDomain {0} -> {1}")
    @CsvSource({
            "d.onmicrosoft.com, d.onmicrosoft.com",
            "contoso.example, contoso.onmicrosoft.com;contoso.example"})
    void aTenantWithoutADomainListGetsItsInitialAndDefaultDomains(String defaultDomain, String expected) {
        Seed seed = Seed.parse("""
                tenants:
                  - id: t1
                    defaultDomain: %s
                """.formatted(defaultDomain));

        assertThat(seed.tenants().get(0).domains()).extracting(Domain::name).containsExactly(expected.split(";"));
        assertThat(seed.tenants().get(0).domains()).allSatisfy(d -> assertThat(d.verified()).isTrue());
        assertThat(seed.tenants().get(0).domains()).filteredOn(Domain::isDefault).extracting(Domain::name).containsExactly(defaultDomain);
    }

    /**
     * The seeds below are written as what follows "tenants:" and the first tenant's "  - ", a backslash-n
     * for a line break, so that a table row holds one: most start with tenant t1, many with its user u1.
     */
    private static final String T1 = "id: t1\\n    defaultDomain: d.onmicrosoft.com\\n";
    private static final String T1_U1 = T1 + "users:\\n  - id: u1\\n";

    private static String belowTenants(String lines) {
        return "tenants:\n  - " + lines.replace("\\n", "\n") + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "missing tenant id | defaultDomain: d.onmicrosoft.com | seed line 2: tenants[0].id: is required",
            "no initial domain | id: t1\\n    defaultDomain: d.com\\n    domains:\\n      - id: d.com"
                    + " | seed line 5: tenants[0].domains: expected exactly one initial <name>.onmicrosoft.com domain",
            "unverified default | id: t1\\n    defaultDomain: d.com\\n    domains:\\n      - id: d.onmicrosoft.com\\n      - id: d.com\\n        isVerified: false"
                    + " | seed line 3: tenants[0].defaultDomain: 'd.com' is not one of the tenant's verified domains",
            "unverified initial | id: t1\\n    defaultDomain: d.onmicrosoft.com\\n    domains:\\n      - id: d.onmicrosoft.com\\n        isVerified: false"
                    + " | seed line 6: tenants[0].domains[0].isVerified: the initial .onmicrosoft.com domain is always verified",
            "duplicate domain | id: t1\\n    defaultDomain: d.onmicrosoft.com\\n    domains:\\n      - id: d.onmicrosoft.com\\n      - id: D.onmicrosoft.com"
                    + " | seed line 6: tenants[0].domains[1].id: duplicate domain 'D.onmicrosoft.com'",
            "group id not a GUID | " + T1_U1 + "groups:\\n  - id: g1 | seed line 7: groups[0].id: a group id is a GUID, got 'g1'",
            "unknown member | " + T1_U1 + "groups:\\n  - id: 11111111-2222-3333-4444-555555555555\\n    members: [u1, nobody]"
                    + " | seed line 8: groups[0].members[1]: no user or group with id 'nobody' in tenant 't1'",
            "duplicate group id | " + T1_U1 + "groups:\\n  - id: 11111111-2222-3333-4444-555555555555\\n  - id: 11111111-2222-3333-4444-555555555555"
                    + " | seed line 8: groups[1].id: duplicate object id '11111111-2222-3333-4444-555555555555'",
            "primary is not the mail | " + T1_U1 + "    mail: a@x.com\\n    proxyAddresses: [SMTP:b@x.com, smtp:a@x.com]"
                    + " | seed line 7: users[0].proxyAddresses: must hold exactly one primary address, SMTP:a@x.com (the mail), got [SMTP:b@x.com, smtp:a@x.com]",
            "two primaries | " + T1_U1 + "    mail: a@x.com\\n    proxyAddresses: [SMTP:a@x.com, SMTP:b@x.com]"
                    + " | seed line 7: users[0].proxyAddresses: must hold exactly one primary address, SMTP:a@x.com (the mail), got [SMTP:a@x.com, SMTP:b@x.com]",
            "primary without mail | " + T1_U1 + "    proxyAddresses: [SMTP:a@x.com]"
                    + " | seed line 6: users[0].proxyAddresses: a user without mail has no primary SMTP: address",
            "bad timestamp | " + T1_U1 + "    externalUserStateChangeDateTime: yesterday"
                    + " | seed line 6: users[0].externalUserStateChangeDateTime: not an ISO-8601 instant such as 2024-05-01T10:00:00Z: 'yesterday'",
            "duplicate user id | " + T1_U1 + "  - id: U1 | seed line 6: users[1].id: duplicate user id 'U1'",
            "bad user type | " + T1_U1 + "    userType: guest | seed line 6: users[0].userType: expected Member or Guest, got 'guest'",
            "unknown tenant | " + T1 + "applications:\\n  - clientId: c1\\n    tenantId: t2"
                    + " | seed line 6: applications[0].tenantId: no tenant with id 't2' in tenants",
            "certificate not a PEM | " + T1 + "applications:\\n  - clientId: c1\\n    certificates: ['not a pem']"
                    + " | seed line 6: applications[0].certificates[0]: not a PEM X.509 certificate",
    })
    void aBadSeedNamesLineAndField(String why, String seedBelowTenants, String expected) {
        String yaml = belowTenants(seedBelowTenants);

        assertThatThrownBy(() -> Seed.parse(yaml)).isInstanceOf(SeedException.class).hasMessage(expected);
    }

    /** Only the start of these messages is the seed's: the rest quotes the allowed fields or the YAML parser. */
    @Test
    void anUnknownFieldAndMalformedYamlGiveALineNotAStackTrace() {
        String unknownField = belowTenants(T1_U1 + "    email: a@b.com");
        String broken = belowTenants("id: t1\\n   defaultDomain: [unclosed");

        assertThatThrownBy(() -> Seed.parse(unknownField)).isInstanceOf(SeedException.class)
                .hasMessageStartingWith("seed line 6: users[0].email: unknown field");
        assertThatThrownBy(() -> Seed.parse(broken)).isInstanceOf(SeedException.class).hasMessageStartingWith("seed line 3");
    }

    @Test
    void groupsMayNestGroupsAndNameUsers() {
        Seed seed = Seed.parse(belowTenants(T1_U1 + """
                groups:
                  - id: 11111111-2222-3333-4444-555555555555
                    displayName: outer
                    members: [22222222-2222-3333-4444-555555555555]
                  - id: 22222222-2222-3333-4444-555555555555
                    members: [u1]"""));

        Directory directory = new Directory(seed);
        assertThat(directory.transitiveGroupsOf("t1", "U1"))
                .containsExactlyInAnyOrder("11111111-2222-3333-4444-555555555555", "22222222-2222-3333-4444-555555555555");
    }

    @Test
    void aGuestWithoutUpnGetsEntrasExternalUpn() {
        Seed seed = Seed.parse(belowTenants(T1 + """
                users:
                  - id: u1
                    mail: ann@partner.example
                    userType: Guest
                  - id: u2
                    mail: bob@d.com"""));

        assertThat(seed.users()).extracting(DirectoryUser::userPrincipalName)
                .containsExactly("ann_partner.example#EXT#@d.onmicrosoft.com", "u2@d.onmicrosoft.com");
        assertThat(seed.users().get(0).proxyAddresses()).containsExactly("SMTP:ann@partner.example");
    }

    /** The contract tests add their applications in code: this is the seed file's way of writing each credential. */
    @Test
    void anApplicationSignsInWithASecretACertificateInPemOrAFederatedCredential() {
        SelfSignedCertificate certificate = SelfSignedCertificate.forClient("operator");
        Seed seed = Seed.parse(belowTenants(T1 + """
                applications:
                  - clientId: c1
                    secrets: [s3cret-value]
                    certificates:
                      - |
                          %s
                    federatedCredentials:
                      - issuer: https://oidc.example.com/cluster
                        subject: system:serviceaccount:guestops:operator
                """.formatted(certificate.certificatePem().replace("\n", "\n          "))));

        Application application = seed.applications().get(0);
        assertThat(application.secrets()).containsExactly("s3cret-value");
        assertThat(application.certificates()).containsExactly(certificate.certificate());
        assertThat(application.federatedCredentials()).containsExactly(new FederatedCredential("https://oidc.example.com/cluster",
                "system:serviceaccount:guestops:operator", FederatedCredential.DEFAULT_AUDIENCE));
    }

    @Test
    void applicationToStringNeverShowsSecrets() {
        assertThat(Seed.sample().applications().get(0).toString()).doesNotContain("dev-only-secret-change-me");
    }
}
