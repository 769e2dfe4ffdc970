package io.guestops.grr.graph;

import static io.guestops.grr.testkit.ContractApp.OPERATOR;
import static io.guestops.grr.testkit.ContractApp.TENANT;
import static io.guestops.grr.testkit.ContractApp.USERS_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.gateway.CallPermission;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.ContractApp;
import io.guestops.grr.testkit.EmulatorFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's guardrail reads (who else holds an address, transitive group membership, the
 * tenant's verified domains) through the real Graph SDK and Azure Identity against the emulator:
 * the requests Graph documents, paging, the 20-id split and failures as typed outcomes.
 */
class GuardrailReadsContractTest {
    static final String JOHN = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String OBRIEN = "aaaaaaaa-0000-0000-0000-000000000003";
    static final String MEMBER = "aaaaaaaa-0000-0000-0000-000000000004";
    static final String LONG_HOLDER = "aaaaaaaa-0000-0000-0000-000000000005";
    /** 254 characters, the longest address the CRD admits. */
    static final String LONG = "l".repeat(64) + "@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "d".repeat(53) + ".example";
    /** As long, and every character of its local part one that URL-encodes to the most (a quote: '' in OData, %27%27). */
    static final String WORST_CASE = "'".repeat(64) + LONG.substring(64);
    static final int CROWD = 120;
    static final int GROUPS = 45;

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSeed(() -> ContractApp.addedTo(Seed.parse(seedYaml()), OPERATOR, USERS_ONLY));

    static SdkGraphGateway gateway;
    static SdkGraphGateway usersOnlyGateway;

    @BeforeAll
    static void start() {
        gateway = GraphGateways.create(FIXTURE.connectionAs(OPERATOR).build());
        usersOnlyGateway = GraphGateways.create(FIXTURE.connectionAs(USERS_ONLY).build());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        usersOnlyGateway.close();
    }

    static String group(int n) {
        return "bbbbbbbb-0000-4000-8000-0000000000%02d".formatted(n);
    }

    @ParameterizedTest(name = "{0} is held by {1}")
    @CsvSource({
            "john@contoso.example, " + JOHN,                                 // mail
            "JOHN.OLD@contoso.example, " + JOHN,                             // otherMails, other case
            "john.alias@contoso.example, " + JOHN,                           // a secondary smtp: proxy address
            "mary@fabrikam.example, " + MEMBER,                              // userPrincipalName
            "o'brien@contoso.example, " + OBRIEN,                            // a quote in the address
            "nobody@nowhere.example, ''"})
    void findAddressHoldersFindsTheHolderThroughAnyAddressPropertyInOneRead(String address, String expectedId) {
        List<GuestUser> holders = gateway.findAddressHolders(List.of(address)).value();

        assertThat(holders).extracting(GuestUser::id).containsExactlyElementsOf(expectedId.isEmpty() ? List.of() : List.of(expectedId));
        JournalEntry read = FIXTURE.only("GET", "/v1.0/users?");
        String query = decoded(read.path());
        assertThat(query).contains("otherMails/any(x:x eq ").contains("proxyAddresses/any(x:x eq 'smtp:")
                .contains("userPrincipalName eq ").doesNotContain("$count");
        assertThat(selectOf(query)).containsExactlyInAnyOrder(GuestUser.SELECT);
    }

    @Test
    void holdersComeWithTheirProxyAddresses() {
        GuestUser john = gateway.findAddressHolders(List.of("john@contoso.example")).value().get(0);

        assertThat(john.proxyAddresses()).containsExactly("SMTP:john@contoso.example", "smtp:john.alias@contoso.example");
    }

    @Test
    void fourAddressesAreTwoPlainQueriesAndEveryPageIsFollowed() {
        List<String> addresses = List.of("crowd@contoso.example", "john@contoso.example", "mary@fabrikam.example",
                "nobody@nowhere.example");

        GraphResult<List<GuestUser>> result = gateway.findAddressHolders(addresses);

        // 16 comparisons: 15 in one plain query, 1 in another (Graph's limit of 15 without advanced queries).
        assertThat(result.value()).hasSize(CROWD + 2).extracting(GuestUser::id).doesNotHaveDuplicates().contains(JOHN, MEMBER);
        List<JournalEntry> reads = FIXTURE.requests("GET", "/v1.0/users?");
        assertThat(reads).extracting(JournalEntry::status).containsOnly(200);
        assertThat(reads).extracting(e -> decoded(e.path())).noneMatch(q -> q.contains("$count"));
        assertThat(FIXTURE.requests("POST", "/v1.0/$batch")).as("the two queries travel together").hasSize(1);
    }

    /**
     * The CRD's most: desiredEmail and 250 otherMails.add, 1,004 comparisons. Graph's limits
     * (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635): at most 15 expressions
     * and 120-character values without advanced queries; at most 20 requests a $batch
     * (https://learn.microsoft.com/graph/json-batching).
     */
    @Test
    void theCrdsMostAddressesAreLookedUpInPlainQueriesWithinGraphsLimits() {
        List<String> addresses = IntStream.range(0, 250).mapToObj(i -> "new" + i + "@partner.example").collect(Collectors.toList());
        addresses.add("john.old@contoso.example");

        GraphResult<List<GuestUser>> result = gateway.findAddressHolders(addresses);

        assertThat(result.value()).extracting(GuestUser::id).containsExactly(JOHN);
        List<JournalEntry> reads = FIXTURE.requests("GET", "/v1.0/users?");
        assertThat(reads).hasSize(1004 / 15 + 1).extracting(JournalEntry::status).containsOnly(200);
        assertThat(reads).extracting(e -> decoded(e.path())).noneMatch(q -> q.contains("$count"));
        assertThat(FIXTURE.requests("POST", "/v1.0/$batch")).hasSize(4);
    }

    /**
     * Values over 120 characters (the CRD allows 254-character addresses, 259 with smtp:) go into
     * advanced queries, whose URL Graph limits to 2,048 characters instead:
     * https://developer.microsoft.com/en-us/graph/known-issues/?search=13635.
     */
    @Test
    void longAddressesAreLookedUpInAdvancedQueriesOfAtMost2048Characters() {
        List<String> addresses = List.of(LONG, WORST_CASE, "b".repeat(110) + "@partner.example", "john@contoso.example");

        GraphResult<List<GuestUser>> result = gateway.findAddressHolders(addresses);

        assertThat(result.value()).extracting(GuestUser::id).containsExactlyInAnyOrder(LONG_HOLDER, JOHN);
        List<JournalEntry> reads = FIXTURE.requests("GET", "/v1.0/users?");
        assertThat(reads).extracting(JournalEntry::status).containsOnly(200);
        assertThat(reads).extracting(e -> FIXTURE.emulator().graphEndpoint().length() + e.path().length()).allMatch(length -> length <= 2048);
        assertThat(reads).filteredOn(e -> decoded(e.path()).contains("$count=true")).as("advanced: the long values only").isNotEmpty()
                .allSatisfy(e -> assertThat(decoded(e.path())).doesNotContain("john@contoso.example"));
    }

    @Test
    void noAddressesAreNoRequest() {
        assertThat(gateway.findAddressHolders(List.of()).value()).isEmpty();
        assertThat(FIXTURE.requests("GET", "/v1.0/users")).isEmpty();
    }

    @Test
    void memberGroupsSplitsTheIdsIntoCallsOfTwentyAndAnswersTransitiveMembership() {
        List<String> ids = IntStream.rangeClosed(1, GROUPS).mapToObj(GuardrailReadsContractTest::group).toList();

        GraphResult<Set<String>> result = gateway.memberGroups(JOHN, ids);

        // John is in group 03 directly, in 25 through 03, in 44 through 25.
        assertThat(result.value()).containsExactlyInAnyOrder(group(3), group(25), group(44));
        List<JournalEntry> posts = FIXTURE.requests("POST", "/v1.0/users/" + JOHN + "/checkMemberGroups");
        assertThat(posts).extracting(p -> idsIn(p.requestBody())).containsExactly(20, 20, 5);
        assertThat(result.requestId()).isEqualTo(posts.get(2).requestId());
    }

    @Test
    void aUserInNoneOfTheGroupsGetsAnEmptySet() {
        assertThat(gateway.memberGroups(MEMBER, List.of(group(3), group(44))).value()).isEmpty();
        assertThat(gateway.memberGroups(MEMBER, List.of()).value()).isEmpty();
    }

    @Test
    void verifiedDomainsKeepsOnlyTheVerifiedOnes() {
        GraphResult<List<String>> result = gateway.verifiedDomains();

        assertThat(result.value()).containsExactly("fabrikam.onmicrosoft.com", "fabrikam.example");
        assertThat(selectOf(decoded(FIXTURE.only("GET", "/v1.0/domains").path()))).containsExactlyInAnyOrder("id", "isVerified");
    }

    @Test
    void memberGroupsOfAnUnknownUserIsNotFound() {
        GraphFailure failure = gateway.memberGroups("aaaaaaaa-0000-0000-0000-0000000000ff", List.of(group(3))).failure();

        assertThat(failure).isInstanceOfSatisfying(GraphFailure.NotFound.class,
                f -> assertThat(f.code()).isEqualTo("Request_ResourceNotFound"));
    }

    @Test
    void withoutGroupAndDomainPermissionsBothAreForbidden() {
        List<GraphFailure> failures = List.of(usersOnlyGateway.memberGroups(JOHN, List.of(group(3))).failure(),
                usersOnlyGateway.verifiedDomains().failure());

        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOfSatisfying(GraphFailure.Forbidden.class, forbidden -> {
            assertThat(forbidden.httpStatus()).isEqualTo(403);
            assertThat(forbidden.code()).isEqualTo("Authorization_RequestDenied");
        }));
        // Each refusal names the permission its own call needs (issue 16, point 6).
        assertThat(failures).extracting(f -> ((GraphFailure.Forbidden) f).permission())
                .containsExactly(CallPermission.MEMBER_GROUPS, CallPermission.VERIFIED_DOMAINS);
    }

    @Test
    void aPersistent503OnCheckMemberGroupsIsTransientAfterTheSdkRetry() {
        FIXTURE.emulator().faults().add(FaultRule.always("/users/*/checkMemberGroups", "POST", FaultKind.UNAVAILABLE));

        GraphFailure failure = gateway.memberGroups(JOHN, List.of(group(3))).failure();

        // A read-only action: retrying it is harmless, and its failure is never "ambiguous".
        assertThat(failure).isInstanceOfSatisfying(GraphFailure.Transient.class, f -> assertThat(f.httpStatus()).isEqualTo(503));
        assertThat(FIXTURE.requests("POST", "/v1.0/users/" + JOHN + "/checkMemberGroups")).hasSize(2);
    }

    static int idsIn(String body) {
        Matcher m = Pattern.compile("bbbbbbbb-").matcher(body);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    static String decoded(String path) {
        return URLDecoder.decode(path, StandardCharsets.UTF_8);
    }

    static Set<String> selectOf(String query) {
        int start = query.indexOf("$select=");
        assertThat(start).as("$select in %s", query).isNotNegative();
        return Set.of(query.substring(start + "$select=".length()).split("&")[0].split(","));
    }

    static String seedYaml() {
        String crowd = IntStream.rangeClosed(1, CROWD).mapToObj(i -> """
                  - id: cccccccc-0000-4000-8000-%012d
                    mail: crowd%d@elsewhere.example
                    otherMails: [crowd@contoso.example]
                    userType: Guest
                """.formatted(i, i)).collect(Collectors.joining());
        String groups = IntStream.rangeClosed(1, GROUPS).mapToObj(i -> """
                  - id: %s
                    members: [%s]
                """.formatted(group(i), switch (i) {
                    case 3 -> JOHN;
                    case 25 -> group(3);
                    case 44 -> group(25);
                    default -> "";
                })).collect(Collectors.joining());
        return """
                tenants:
                  - id: %1$s
                    defaultDomain: fabrikam.onmicrosoft.com
                    domains:
                      - id: fabrikam.onmicrosoft.com
                      - id: fabrikam.example
                      - id: lab.fabrikam.example
                        isVerified: false
                users:
                  - id: %2$s
                    mail: john@contoso.example
                    otherMails: [john.old@contoso.example]
                    proxyAddresses: [SMTP:john@contoso.example, smtp:john.alias@contoso.example]
                    userType: Guest
                  - id: %3$s
                    mail: o'brien@contoso.example
                    userType: Guest
                  - id: %4$s
                    userPrincipalName: mary@fabrikam.example
                    mail: mary.member@fabrikam.example
                    userType: Member
                  - id: %5$s
                    mail: long.holder@partner.example
                    otherMails: [%6$s]
                    userType: Guest
                %7$sgroups:
                %8$s""".formatted(TENANT, JOHN, OBRIEN, MEMBER, LONG_HOLDER, LONG, crowd, groups);
    }
}
