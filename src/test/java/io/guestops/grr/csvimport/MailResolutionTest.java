package io.guestops.grr.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import io.guestops.grr.testkit.TestResources;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `import` with a tenant (the Graph emulator through the real SDK gateway): a mail resolves to the
 * one user's object id; a mail nobody has, or several users share, is a bad row that says so.
 */
class MailResolutionTest {

    /** The examples' tenant plus the bad-input corpus's users (not its role assignments): the addresses to resolve. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> Seeds.examplesPlus(new Seed(List.of(), List.of(),
            Seed.parse(TestResources.text("/bad-input/users.yaml")).users(), List.of()))).keepingStateAcrossTests();

    private static SdkGraphGateway tenant;

    @BeforeAll
    static void connect() {
        tenant = GraphGateways.create(GRAPH.connection());
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "alex@fabrikam.com      | userId: 6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01 |",
            "nobody@nowhere.example |                                              | no user in the tenant has mail nobody@nowhere.example",
            "twin@corpus.example    |                                              | 2 users have mail twin@corpus.example (7c000000-0000-4000-8000-000000000016, 7c000000-0000-4000-8000-000000000017); put the right object id in the sheet",
    })
    void mailsResolveToOneObjectIdOrTheRowIsListed(String mail, String fileContains, String badRow) {
        GuestImport.Result result = new GuestImport(ManifestValidator.forProjectCrd(List.of()), tenant, null)
                .convert("sheet.csv", "email,desiredEmail\n" + mail + ",new@new.example\n");
        if (badRow == null) {
            assertThat(result.badRows()).isEmpty();
            assertThat(result.files()).singleElement().satisfies(file -> assertThat(file.yaml()).contains(fileContains)
                    .contains("resolved it to this object id").doesNotContain("email: " + mail));
        } else {
            assertThat(result.files()).isEmpty();
            assertThat(result.badRows()).containsExactly(new GuestImport.BadRow(2, badRow));
        }
        assertThat(GRAPH.emulator().journal()).allMatch(e -> "GET".equals(e.method()) || e.path().contains("/oauth2/"));
    }
}
