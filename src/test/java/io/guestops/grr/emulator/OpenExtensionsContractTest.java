package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.ALICE;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_APP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.OpenExtension;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open extensions on a user, held to Microsoft's pages: "Create open extension"
 * (opentypeextension-post-opentypeextension), "Get open extension", "Update open extension",
 * "Delete open extension", the tutorial "Add custom data to users using open extensions"
 * (extensibility-open-users) and the limits in "Add custom data to resources using extensions"
 * (extensibility-overview).
 */
class OpenExtensionsContractTest {
    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    private static final String NAME = "com.contoso.roamingSettings";

    private static String extension(String name, String type) {
        return """
                {"@odata.type":"%s","extensionName":"%s","theme":"dark","color":"purple","size":3}""".formatted(type, name);
    }

    private static EmulatorHttp.Reply create(String userId, String body) {
        return FIXTURE.http().post("/v1.0/users/" + userId + "/extensions", FIXTURE.token(), body);
    }

    private static EmulatorHttp.Reply delete(String path, String token) {
        return FIXTURE.http().send("DELETE", path, token, null, Map.of());
    }

    @Test
    @DisplayName("extensibility-open-users, step 1: 201 with @odata.type, extensionName, id = extensionName and the custom data")
    void createAnswers201WithTheStoredObjectWhoseIdIsItsName() {
        EmulatorHttp.Reply reply = create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        assertThat(body.get("@odata.type").asText()).isEqualTo("#microsoft.graph.openTypeExtension");
        assertThat(body.get("extensionName").asText()).isEqualTo(NAME);
        assertThat(body.get("id").asText()).isEqualTo(NAME);
        assertThat(body.get("theme").asText()).isEqualTo("dark");
        assertThat(body.get("size").asInt()).isEqualTo(3);
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).singleElement().satisfies(stored -> {
            assertThat(stored.name()).isEqualTo(NAME);
            assertThat(stored.creatorAppId()).isEqualTo(OPERATOR_APP);
            assertThat(stored.data()).containsEntry("color", "purple").containsEntry("size", 3);
        });
        JournalEntry entry = last();
        assertThat(entry.method()).isEqualTo("POST");
        assertThat(entry.effective()).isTrue();
    }

    @Test
    @DisplayName("opentypeextension-post-opentypeextension: @odata.type with '#' (as the SDKs send it) is accepted; without type or name it is 400")
    void theTypeMayComeWithAHashButTypeAndNameAreRequired() {
        assertThat(create(JOHN, extension(NAME, "#microsoft.graph.openTypeExtension")).status()).isEqualTo(201);

        EmulatorHttp.Reply noType = create(ALICE, "{\"extensionName\":\"" + NAME + "\"}");
        EmulatorHttp.Reply otherType = create(ALICE, extension(NAME, "#microsoft.graph.user"));
        EmulatorHttp.Reply noName = create(ALICE, "{\"@odata.type\":\"microsoft.graph.openTypeExtension\",\"theme\":\"dark\"}");
        EmulatorHttp.Reply nested = create(ALICE, "{\"@odata.type\":\"microsoft.graph.openTypeExtension\",\"extensionName\":\"a.b\",\"x\":{\"y\":1}}");

        assertThat(List.of(noType, otherType, noName, nested)).allSatisfy(reply -> {
            assertThat(reply.statusAndErrorCode()).isEqualTo("400 Request_BadRequest");
        });
        assertThat(FIXTURE.emulator().directory().extensionsOf(ALICE)).isEmpty();
    }

    @Test
    @DisplayName("Create open extension on an existing name: 409 Conflict, the stored extension unchanged (code unconfirmed)")
    void aSecondExtensionOfTheSameNameIsAConflict() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        EmulatorHttp.Reply again = create(JOHN, extension(NAME.toUpperCase(), "microsoft.graph.openTypeExtension").replace("dark", "light"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().at("/error/message").asText()).isEqualTo("An extension already exists with given id.");
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).singleElement()
                .satisfies(stored -> assertThat(stored.data()).containsEntry("theme", "dark"));
        assertThat(last().effective()).isFalse();
    }

    @Test
    @DisplayName("extensibility-overview limits: two open extensions per creator app per user; deleting one frees its place")
    void aThirdExtensionOfTheSameApplicationIsRefused() {
        create(JOHN, extension("com.contoso.one", "microsoft.graph.openTypeExtension"));
        create(JOHN, extension("com.contoso.two", "microsoft.graph.openTypeExtension"));

        EmulatorHttp.Reply third = create(JOHN, extension("com.contoso.three", "microsoft.graph.openTypeExtension"));
        delete("/v1.0/users/" + JOHN + "/extensions/com.contoso.one", FIXTURE.token());
        EmulatorHttp.Reply afterDelete = create(JOHN, extension("com.contoso.three", "microsoft.graph.openTypeExtension"));

        assertThat(third.status()).isEqualTo(400);
        assertThat(third.json().at("/error/message").asText()).contains("per application is 2");
        assertThat(afterDelete.status()).isEqualTo(201);
        assertThat(create(ALICE, extension("com.contoso.one", "microsoft.graph.openTypeExtension")).status())
                .as("the limit is per user").isEqualTo(201);
    }

    @Test
    @DisplayName("extensibility-overview limits: at most 2 KB per open extension on a directory object")
    void moreThanTwoKilobytesOfDataAreRefused() {
        String fits = "{\"@odata.type\":\"microsoft.graph.openTypeExtension\",\"extensionName\":\"a.b\",\"v\":\"%s\"}";
        // The emulator measures {"extensionName":"a.b","v":"..."}: 30 bytes around the value.
        EmulatorHttp.Reply atTheLimit = create(JOHN, fits.formatted("x".repeat(2048 - 30)));
        EmulatorHttp.Reply overTheLimit = create(ALICE, fits.formatted("x".repeat(2048 - 29)));

        assertThat(atTheLimit.status()).isEqualTo(201);
        assertThat(overTheLimit.status()).isEqualTo(400);
        assertThat(overTheLimit.json().at("/error/message").asText()).contains("2048");
        assertThat(FIXTURE.emulator().directory().extensionsOf(ALICE)).isEmpty();
    }

    @Test
    @DisplayName("Get open extension / list the extensions navigation property; unknown names and users are 404")
    void extensionsAreReadOneByOneOrAsTheCollection() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        EmulatorHttp.Reply list = FIXTURE.http().get("/v1.0/users/" + JOHN + "/extensions", FIXTURE.token());
        EmulatorHttp.Reply one = FIXTURE.http().get("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token());
        EmulatorHttp.Reply unknownName = FIXTURE.http().get("/v1.0/users/" + JOHN + "/extensions/com.contoso.none", FIXTURE.token());
        EmulatorHttp.Reply unknownUser = create("22222222-0000-0000-0000-000000000000", extension(NAME, "microsoft.graph.openTypeExtension"));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("value")).singleElement().satisfies(e -> assertThat(e.get("id").asText()).isEqualTo(NAME));
        assertThat(one.json().get("color").asText()).isEqualTo("purple");
        assertThat(one.json().get("@odata.context").asText()).endsWith("/extensions/$entity");
        assertThat(unknownName.status()).isEqualTo(404);
        assertThat(unknownUser.statusAndErrorCode()).isEqualTo("404 Request_ResourceNotFound");
    }

    @Test
    @DisplayName("Update open extension: 204 (as the user tutorial shows); properties left out of the PATCH are deleted")
    void aPatchReplacesTheCustomData() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        EmulatorHttp.Reply patch = FIXTURE.http().patch("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token(),
                "{\"theme\":\"light\",\"lang\":\"Swahili\"}");
        EmulatorHttp.Reply renamed = FIXTURE.http().patch("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token(),
                "{\"extensionName\":\"com.contoso.other\"}");
        EmulatorHttp.Reply absent = FIXTURE.http().patch("/v1.0/users/" + JOHN + "/extensions/com.contoso.none", FIXTURE.token(), "{}");

        assertThat(patch.status()).isEqualTo(204);
        OpenExtension stored = FIXTURE.emulator().directory().extensionsOf(JOHN).get(0);
        assertThat(stored.data()).containsOnlyKeys("theme", "lang").containsEntry("theme", "light");
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(absent.status()).isEqualTo(404);
    }

    @Test
    @DisplayName("Delete open extension: 204, then 404")
    void aDeletedExtensionIsGone() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        EmulatorHttp.Reply deleted = delete("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token());
        EmulatorHttp.Reply again = delete("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).isEmpty();
    }

    @Test
    @DisplayName("Permissions tables of Create/Get/Update/Delete open extension (user, application): User.ReadWrite.All to write, User.Read.All to read")
    void aReadOnlyApplicationReadsButCannotWrite() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));
        String reader = FIXTURE.http().readerToken();

        EmulatorHttp.Reply read = FIXTURE.http().get("/v1.0/users/" + JOHN + "/extensions", reader);
        List<EmulatorHttp.Reply> writes = List.of(
                FIXTURE.http().post("/v1.0/users/" + JOHN + "/extensions", reader, extension("com.contoso.x", "microsoft.graph.openTypeExtension")),
                FIXTURE.http().patch("/v1.0/users/" + JOHN + "/extensions/" + NAME, reader, "{}"),
                delete("/v1.0/users/" + JOHN + "/extensions/" + NAME, reader));

        assertThat(read.status()).isEqualTo(200);
        assertThat(writes).allSatisfy(reply -> {
            assertThat(reply.statusAndErrorCode()).isEqualTo("403 Authorization_RequestDenied");
        });
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).singleElement()
                .satisfies(stored -> assertThat(stored.data()).containsEntry("theme", "dark"));
    }

    @Test
    @DisplayName("Throttling limits for identity and access: an extension write costs 1 resource unit and 1 write")
    void extensionWritesAreChargedToTheWriteBucket() {
        FIXTURE.emulator().throttling().reset(ThrottleLimits.graphDefaults().withWritesPer150s(2));

        EmulatorHttp.Reply first = create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));
        EmulatorHttp.Reply second = FIXTURE.http().patch("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token(), "{}");
        EmulatorHttp.Reply third = delete("/v1.0/users/" + JOHN + "/extensions/" + NAME, FIXTURE.token());
        EmulatorHttp.Reply read = FIXTURE.http().get("/v1.0/users/" + JOHN + "/extensions", FIXTURE.token());

        assertThat(first.header("x-ms-resource-unit")).isEqualTo("1");
        assertThat(second.status()).isEqualTo(204);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("x-ms-throttle-information")).isEqualTo("WriteLimitExceeded");
        assertThat(read.status()).as("reads do not need a write").isEqualTo(200);
        assertThat(read.header("x-ms-resource-unit")).isEqualTo("1");
    }

    @Test
    @DisplayName("The admin state shows each user's open extensions and who created them")
    void theStateDumpListsExtensions() {
        create(JOHN, extension(NAME, "microsoft.graph.openTypeExtension"));

        JsonNode john = FIXTURE.http().get("/_emulator/state", null).json().get("users").get(0);

        assertThat(john.get("extensions")).singleElement().satisfies(e -> {
            assertThat(e.get("extensionName").asText()).isEqualTo(NAME);
            assertThat(e.get("creatorAppId").asText()).isEqualTo(OPERATOR_APP);
            assertThat(e.at("/data/theme").asText()).isEqualTo("dark");
        });
    }

    private static JournalEntry last() {
        List<JournalEntry> journal = FIXTURE.emulator().journal();
        return journal.get(journal.size() - 1);
    }
}
