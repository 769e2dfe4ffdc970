package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.ResetResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl (and, where the operator depends on it, the Fabric8 client) against the embedded
 * Kubernetes: it answers as strictly as a real API server - dry runs store nothing, label selectors
 * have their full grammar, lists are ordered, names, namespaces and Secret data are checked on
 * create (by a server-side apply that creates too), every namespace carries its name as a label,
 * and errors carry the API server's reason and message.
 */
class EmbeddedKubernetesApiRulesKubectlTest {

    /** Every way kubectl writes a new object from a manifest: each runs the API server's create checks. */
    private static final List<String> CREATING_COMMANDS = List.of("create", "apply", "apply --server-side");
    /** The label the API server keeps on every namespace, set to its name. */
    private static final String NAME_LABEL = "kubernetes.io/metadata.name";

    @RegisterExtension
    static final KubectlFixture FIXTURE = new KubectlFixture();

    @BeforeAll
    static void objectsToSelect() {
        createNamespace("selectors");
        // labels: a {team: x}, b {team: y, tier: web}, c {tier: db}, d (none), e {team: x, tier: "7"}
        createConfigMap("selectors", "a", Map.of("team", "x"));
        createConfigMap("selectors", "b", Map.of("team", "y", "tier", "web"));
        createConfigMap("selectors", "c", Map.of("tier", "db"));
        createConfigMap("selectors", "d", Map.of());
        createConfigMap("selectors", "e", Map.of("team", "x", "tier", "7"));
    }

    // 1. server-side dry run of delete

    @Test
    void deleteWithServerDryRunKeepsTheObject() {
        createResource("kept", Map.of());
        createConfigMap("default", "kept-map", Map.of());

        Kubectl.Result resource = FIXTURE.kubectl().run("delete", "grr", "kept", "--dry-run=server");
        Kubectl.Result map = FIXTURE.kubectl().run("delete", "configmap", "kept-map", "--dry-run=server");

        assertThat(resource.exitCode()).as(resource.all()).isZero();
        assertThat(resource.stdout()).contains("guestredemptionreset.guestops.io \"kept\" deleted (server dry run)");
        assertThat(map.exitCode()).as(map.all()).isZero();
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("kept").get()).isNotNull();
        assertThat(FIXTURE.client().configMaps().withName("kept-map").get()).isNotNull();
    }

    @Test
    void deleteOfASelectionWithServerDryRunKeepsEveryObject() {
        createResource("dry-x", Map.of("team", "x"));
        createResource("dry-y", Map.of("team", "y"));

        Kubectl.Result result = FIXTURE.kubectl().run("delete", "grr", "-l", "team in (x)", "--dry-run=server");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("\"dry-x\" deleted (server dry run)").doesNotContain("dry-y");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("dry-x").get()).isNotNull();
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("dry-y").get()).isNotNull();
    }

    @Test
    void deleteOfAMissingObjectWithServerDryRunIsNotFound() {
        Kubectl.Result result = FIXTURE.kubectl().run("delete", "grr", "never-created", "--dry-run=server");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("guestredemptionresets.guestops.io \"never-created\" not found");
    }

    // 2. label selectors

    @ParameterizedTest(name = "-l ''{0}'' selects {1}")
    @CsvSource(delimiter = '|', value = {
        "team=x                | a e",
        "team==x               | a e",
        "team!=x               | b c d",
        "team in (x)           | a e",
        "team in (x,y)         | a b e",
        "team notin (x)        | b c d",
        "team                  | a b e",
        "!team                 | c d",
        "team=x,tier           | e",
        "team notin (y),!tier  | a d",
        "tier in (web,db),team | b",
        "tier>5                | e",
        "team in (z)           | ''",
    })
    void getListsWhatTheSelectorSelects(String selector, String expected) {
        Kubectl.Result result = FIXTURE.kubectl().run("get", "configmaps", "-n", "selectors", "-l", selector,
                "-o", "jsonpath={.items[*].metadata.name}");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "-l ''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "team in x     | unable to parse requirement: found 'x' expected: '('",
        "team in (x    | unable to parse requirement: found '', expected: ',' or ')'",
        "team_ in (x)  | unable to parse requirement: <nil>: Invalid value: \"team_\": name part must consist of",
        "team=x y      | found 'y', expected: ',' or 'end of string'",
        "tier>web      | unable to parse requirement: values[0]: Invalid value: \"web\": for 'Gt', 'Lt' operators, the value must be an integer",
    })
    void aMalformedSelectorIsABadRequest(String selector, String message) {
        Kubectl.Result list = FIXTURE.kubectl().run("get", "configmaps", "-n", "selectors", "-l", selector);
        Kubectl.Result watch = FIXTURE.kubectl().run("get", "configmaps", "-n", "selectors", "-l", selector,
                "--watch-only", "--request-timeout=5s");

        assertThat(list.exitCode()).isNotZero();
        assertThat(list.stderr()).contains("(BadRequest)", message);
        assertThat(watch.exitCode()).isNotZero();
        assertThat(watch.stderr()).contains(message);
    }

    @Test
    void deleteRemovesOnlyWhatASetBasedSelectorSelects() {
        createNamespace("delete-selected");
        createConfigMap("delete-selected", "gone", Map.of("team", "x"));
        createConfigMap("delete-selected", "stays", Map.of("team", "y"));
        createConfigMap("delete-selected", "unlabelled", Map.of());

        Kubectl.Result result = FIXTURE.kubectl().run("delete", "configmaps", "-n", "delete-selected", "-l", "team in (x)");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(names(FIXTURE.client().configMaps().inNamespace("delete-selected").list().getItems()))
                .containsExactly("stays", "unlabelled");
    }

    @Test
    void deleteCollectionThroughTheClientHonoursASetBasedSelector() {
        createNamespace("delete-collection");
        createConfigMap("delete-collection", "gone", Map.of("team", "x"));
        createConfigMap("delete-collection", "stays", Map.of("team", "y"));

        FIXTURE.client().configMaps().inNamespace("delete-collection")
                .withLabelSelector(new LabelSelectorBuilder().addNewMatchExpression()
                        .withKey("team").withOperator("In").withValues("x").endMatchExpression().build())
                .delete();

        assertThat(names(FIXTURE.client().configMaps().inNamespace("delete-collection").list().getItems())).containsExactly("stays");
    }

    @Test
    void watchWithASetBasedSelectorShowsOnlySelectedObjects() {
        createNamespace("watched");
        CompletableFuture<Void> watching = new CompletableFuture<>();
        CompletableFuture<Void> created = watching.thenRunAsync(() -> {
            createConfigMap("watched", "not-selected", Map.of("team", "y"));
            createConfigMap("watched", "selected", Map.of("team", "x"));
        });

        Kubectl.Result result = FIXTURE.kubectl().run(line -> { }, line -> {
            if (line.contains("watch=true") && line.contains(" 200 OK")) {
                watching.complete(null);
            }
        }, "get", "configmaps", "-n", "watched", "-l", "team in (x)", "--watch", "--request-timeout=4s", "-v=6");

        assertThat(created).isCompleted();
        assertThat(result.stdout()).as(result.all()).contains("selected").doesNotContain("not-selected");
    }

    // 3. list order

    @Test
    void listsAreOrderedByNamespaceThenName() {
        List<String> expected = new ArrayList<>();
        for (String namespace : List.of("order-a", "order-b")) {
            createNamespace(namespace);
            for (int i = 0; i < 8; i++) {
                expected.add(namespace + "/map-" + i);
            }
        }
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(key -> createConfigMap(key.split("/")[0], key.split("/")[1], Map.of("ordered", "yes")));

        Kubectl.Result result = FIXTURE.kubectl().run("get", "configmaps", "-A", "-l", "ordered=yes", "-o",
                "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactlyElementsOf(expected);
    }

    // 4. names

    @ParameterizedTest(name = "{0} {1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "ConfigMap            | Bad_Name           | a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
        "ConfigMap            | ends-with-dash-    | a lowercase RFC 1123 subdomain must consist of",
        "ConfigMap            | 254                | must be no more than 253 characters",
        "GuestRedemptionReset | Alex               | a lowercase RFC 1123 subdomain must consist of",
        "Namespace            | team.example       | a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'",
        "Namespace            | 64                 | must be no more than 63 characters",
    })
    void anInvalidNameIsRefusedAsInvalidByEveryWayOfCreating(String kind, String nameOrLength, String message) {
        String name = nameOrLength.chars().allMatch(Character::isDigit) ? "a".repeat(Integer.parseInt(nameOrLength)) : nameOrLength;
        String file = write(manifest(kind, name));

        for (String command : CREATING_COMMANDS) {
            Kubectl.Result result = FIXTURE.kubectl().run(withFile(command, file));

            assertThat(result.exitCode()).as(command + ": " + result.all()).isNotZero();
            assertThat(result.stderr()).as(command).contains("is invalid", "metadata.name: Invalid value: \"" + name + "\": " + message);
            assertThat(stored(kind, name)).as(command).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"create", "server-side apply"})
    void anInvalidNameThroughTheClientIsA422WithTheCause(String write) {
        ConfigMap bad = new ConfigMapBuilder().withNewMetadata().withName("Bad_Name").endMetadata().build();

        assertThatThrownBy(() -> clientWrite(write, FIXTURE.client().configMaps().resource(bad)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(cause -> {
                        assertThat(cause.getField()).isEqualTo("metadata.name");
                        assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
                    });
                });
        assertThat(FIXTURE.client().configMaps().withName("Bad_Name").get()).isNull();
    }

    @Test
    void generateNameGivesAFreshValidName() {
        String manifest = manifest("GuestRedemptionReset", "unused").replace("name: unused", "generateName: generated-");

        Kubectl.Result first = FIXTURE.kubectl().run("create", "-f", write(manifest));
        Kubectl.Result second = FIXTURE.kubectl().run("create", "-f", write(manifest));

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(first.stdout()).containsPattern("guestredemptionreset.guestops.io/generated-[bcdfghjklmnpqrstvwxz2456789]{5} created");
        assertThat(first.stdout()).isNotEqualTo(second.stdout());
    }

    // 5. namespaces

    @Test
    void anObjectInANamespaceThatDoesNotExistIsNotFoundByEveryWayOfCreating() {
        String file = write(manifest("GuestRedemptionReset", "homeless").replace("namespace: default", "namespace: nowhere"));

        for (String command : CREATING_COMMANDS) {
            Kubectl.Result result = FIXTURE.kubectl().run(withFile(command, file));

            assertThat(result.exitCode()).as(command + ": " + result.all()).isNotZero();
            assertThat(result.stderr()).as(command).contains("(NotFound)", "namespaces \"nowhere\" not found");
        }
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).inNamespace("nowhere").withName("homeless").get()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"create", "server-side apply"})
    void anObjectInANamespaceThatDoesNotExistIsNotFoundThroughTheClient(String write) {
        ConfigMap homeless = new ConfigMapBuilder().withNewMetadata().withName("homeless").withNamespace("nowhere").endMetadata().build();

        assertThatThrownBy(() -> clientWrite(write, FIXTURE.client().configMaps().inNamespace("nowhere").resource(homeless)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
        assertThat(FIXTURE.client().configMaps().inNamespace("nowhere").withName("homeless").get()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"create", "apply", "apply --server-side"})
    void aNamespaceCarriesItsNameAsALabelWhateverTheManifestSays(String command) {
        String name = "labelled-by-" + command.replace(" --", "-");
        String manifest = manifest("Namespace", name).replace("metadata: {name: " + name + "}",
                "metadata: {name: " + name + ", labels: {kubernetes.io/metadata.name: impostor, team: x}}");

        Kubectl.Result result = FIXTURE.kubectl().run(withFile(command, write(manifest)));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(FIXTURE.client().namespaces().withName(name).get().getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(NAME_LABEL, name, "team", "x"));
    }

    @Test
    void aNamespaceCreatedThroughTheClientCarriesItsNameAsALabel() {
        createNamespace("labelled-by-client");

        Kubectl.Result result = FIXTURE.kubectl().run("get", "namespaces", "-l", NAME_LABEL + "=labelled-by-client", "-o", "name");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("namespace/labelled-by-client");
    }

    @Test
    void noUpdateMovesOrRemovesTheNameLabel() {
        createNamespace("relabelled");

        Kubectl.Result moved = FIXTURE.kubectl().run("label", "namespace", "relabelled", NAME_LABEL + "=impostor", "--overwrite");
        assertThat(moved.exitCode()).as(moved.all()).isZero();
        assertThat(nameLabel("relabelled")).as("after kubectl label --overwrite").isEqualTo("relabelled");
        Kubectl.Result removed = FIXTURE.kubectl().run("label", "namespace", "relabelled", NAME_LABEL + "-");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(nameLabel("relabelled")).as("after kubectl label ...-").isEqualTo("relabelled");
        Kubectl.Result applied = FIXTURE.kubectl().apply(manifest("Namespace", "relabelled")
                .replace("metadata: {name: relabelled}", "metadata: {name: relabelled, labels: {kubernetes.io/metadata.name: impostor}}"),
                "--server-side");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(nameLabel("relabelled")).as("after kubectl apply --server-side").isEqualTo("relabelled");
        FIXTURE.client().namespaces().withName("relabelled").edit(namespace -> {
            namespace.getMetadata().setLabels(Map.of("team", "y"));
            return namespace;
        });
        assertThat(FIXTURE.client().namespaces().withName("relabelled").get().getMetadata().getLabels()).as("after a replace through the client")
                .containsExactlyInAnyOrderEntriesOf(Map.of(NAME_LABEL, "relabelled", "team", "y"));
    }

    // 6. Secret data

    @ParameterizedTest(name = "data value ''{0}'' is refused at input byte {1}")
    @CsvSource({
        "admin, 4",
        "APIKEY_BASE64, 6",
        "YWJj=, 4",
        "YWI=YWJj, 4",
    })
    void secretDataThatIsNotBase64IsABadRequest(String value, int offset) {
        String name = "secret-" + Math.abs(value.hashCode());

        Kubectl.Result result = FIXTURE.kubectl().run("create", "-f", write(secret(name, value)));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("(BadRequest)",
                "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte " + offset);
        assertThat(FIXTURE.client().secrets().withName(name).get()).isNull();
    }

    @Test
    void secretDataInBase64IsStored() {
        Kubectl.Result result = FIXTURE.kubectl().run("create", "-f", write(secret("good-secret", "YWRtaW4=")));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(FIXTURE.client().secrets().withName("good-secret").get().getData()).containsEntry("password", "YWRtaW4=");
    }

    // 7 and 8. AlreadyExists and NotFound

    @ParameterizedTest(name = "creating {0} twice: {1}")
    @CsvSource(delimiter = '|', value = {
        "GuestRedemptionReset | guestredemptionresets.guestops.io \"twice\" already exists",
        "ConfigMap            | configmaps \"twice\" already exists",
    })
    void createOfAnExistingObjectIsAlreadyExists(String kind, String message) {
        String file = write(manifest(kind, "twice"));
        Kubectl.Result first = FIXTURE.kubectl().run("create", "-f", file);

        Kubectl.Result second = FIXTURE.kubectl().run("create", "-f", file);

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stderr()).contains("Error from server (AlreadyExists)", message);
    }

    @ParameterizedTest(name = "kubectl {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "get grr missing             | guestredemptionresets.guestops.io \"missing\" not found",
        "delete grr missing          | guestredemptionresets.guestops.io \"missing\" not found",
        "get configmap missing       | configmaps \"missing\" not found",
        "delete configmap missing    | configmaps \"missing\" not found",
        "get namespace missing       | namespaces \"missing\" not found",
    })
    void aMissingObjectIsNotFoundByName(String command, String message) {
        Kubectl.Result result = FIXTURE.kubectl().run(command.split(" "));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Error from server (NotFound): " + message);
    }

    @Test
    void notFoundThroughTheClientCarriesNameGroupAndResource() {
        assertThatThrownBy(() -> FIXTURE.client().resources(GuestRedemptionReset.class).withName("missing").edit(r -> r))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getDetails().getName()).isEqualTo("missing");
                    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("guestops.io");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("guestredemptionresets");
                });
    }

    private static String manifest(String kind, String name) {
        return switch (kind) {
            case "ConfigMap" -> """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: %s, namespace: default}
                    data: {k: v}
                    """.formatted(name);
            case "Namespace" -> """
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: %s}
                    """.formatted(name);
            default -> ResetResources.manifest(name, "email: someone@fabrikam.com", "someone@outlook.com");
        };
    }

    private static Object stored(String kind, String name) {
        return switch (kind) {
            case "ConfigMap" -> FIXTURE.client().configMaps().withName(name).get();
            case "Namespace" -> FIXTURE.client().namespaces().withName(name).get();
            default -> FIXTURE.client().resources(GuestRedemptionReset.class).withName(name).get();
        };
    }

    private static String secret(String name, String value) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: default}
                data: {password: "%s"}
                """.formatted(name, value);
    }

    private static String write(String yaml) {
        try {
            Path file = java.nio.file.Files.createTempFile(FIXTURE.dir(), "manifest", ".yaml");
            java.nio.file.Files.writeString(file, yaml);
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] withFile(String command, String file) {
        return Stream.concat(Arrays.stream(command.split(" ")), Stream.of("-f", file)).toArray(String[]::new);
    }

    /** A create, or a server-side apply as controllers write (the Fabric8 client's field manager, forced). */
    private static void clientWrite(String write, Resource<ConfigMap> resource) {
        if (write.equals("create")) {
            resource.create();
        } else {
            resource.serverSideApply();
        }
    }

    private static String nameLabel(String namespace) {
        return FIXTURE.client().namespaces().withName(namespace).get().getMetadata().getLabels().get(NAME_LABEL);
    }

    private static List<String> names(List<ConfigMap> maps) {
        return maps.stream().map(m -> m.getMetadata().getName()).toList();
    }

    private static void createNamespace(String name) {
        FIXTURE.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static void createConfigMap(String namespace, String name, Map<String, String> labels) {
        FIXTURE.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build()).build()).create();
    }

    private static void createResource(String name, Map<String, String> labels) {
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withLabels(labels).build());
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(null, name + "@fabrikam.com"));
        spec.setDesiredEmail(name + "@outlook.com");
        resource.setSpec(spec);
        FIXTURE.client().resource(resource).create();
    }
}
