package io.guestops.grr.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAPI v3 documents shaped like the ones a real API server publishes: an index at
 * /openapi/v3 and one document per group version. kubectl reads them to decide how to validate
 * (a PATCH operation that declares the {@code fieldValidation} parameter makes kubectl leave
 * validation to the server) and how to patch (strategic merge only when the PATCH operation
 * accepts it, which these documents never claim because the mock cannot do it). Custom resources
 * carry their CRD's openAPIV3Schema, which also makes {@code kubectl explain} work.
 *
 * <p>/openapi/v2 is there too, without definitions: kubectl still validates a {@code kind: List}
 * (what {@code kubectl get -o yaml} prints, so every backup and export) on the client against the
 * v2 document, and fails without one. Finding no model for an item, it leaves each item to the
 * server, which checks it strictly as any other apply.
 */
public final class OpenApiDocuments {

    static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String PREFIX = "/openapi/v3/";
    public static final String V2_PATH = "/openapi/v2";
    /**
     * The content type of /openapi/v2 as protobuf (the gnostic {@code openapi_v2.Document} message),
     * as the API server names it: kubectl asks for {@code ...spec.v2@v1.0+protobuf}, which Go's
     * media type parser refuses in an answer.
     */
    public static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String TITLE = "Embedded Kubernetes";
    private static final String VERSION = "v1.32.0";
    private static final List<String> PATCH_TYPES =
            List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");

    private final ObjectMapper json = new ObjectMapper();
    private final ApiCatalogue catalogue;
    private final Map<String, String> documentsByPath = new LinkedHashMap<>();

    public OpenApiDocuments(ApiCatalogue catalogue) {
        this.catalogue = catalogue;
        for (String groupVersion : catalogue.groupVersions()) {
            String path = groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
            documentsByPath.put(path, Serialization.asJson(groupVersionDocument(groupVersion)));
        }
    }

    /** The document for a path under /openapi/v3 (the index for /openapi/v3 itself). */
    public Optional<String> forPath(String path) {
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            return Optional.of(index());
        }
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(documentsByPath.get(path.substring(PREFIX.length())));
    }

    /** The OpenAPI v2 document as JSON: swagger 2.0, no paths, no definitions. */
    public String v2Json() {
        ObjectNode document = json.createObjectNode();
        document.put("swagger", "2.0");
        document.putObject("info").put("title", TITLE).put("version", VERSION);
        document.putObject("paths");
        document.putObject("definitions");
        return document.toString();
    }

    /**
     * The same document as kubectl reads it, protobuf: {@code Document{swagger = 1; info = 2}},
     * {@code Info{title = 1; version = 2}} (google/gnostic openapiv2/OpenAPIv2.proto).
     */
    public byte[] v2Protobuf() {
        byte[] info = concat(field(1, TITLE.getBytes(StandardCharsets.UTF_8)), field(2, VERSION.getBytes(StandardCharsets.UTF_8)));
        return concat(field(1, "2.0".getBytes(StandardCharsets.UTF_8)), field(2, info));
    }

    /** A length-delimited protobuf field (wire type 2); the lengths here stay below 128, one varint byte. */
    private static byte[] field(int number, byte[] value) {
        if (value.length > 127) {
            throw new IllegalArgumentException("value too long for a one-byte length");
        }
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) value.length}, value);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private String index() {
        ObjectNode paths = json.createObjectNode();
        documentsByPath.forEach((path, document) -> paths.putObject(path)
                .put("serverRelativeURL", PREFIX + path + "?hash=" + hash(document)));
        ObjectNode index = json.createObjectNode();
        index.set("paths", paths);
        return index.toString();
    }

    private ObjectNode groupVersionDocument(String groupVersion) {
        ObjectNode document = json.createObjectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", TITLE).put("version", VERSION);
        ObjectNode paths = document.putObject("paths");
        ObjectNode schemas = document.putObject("components").putObject("schemas");
        schemas.set(OBJECT_META, objectMetaSchema());
        for (ResourceType type : catalogue.typesIn(groupVersion)) {
            String schemaName = schemaName(type);
            schemas.set(schemaName, resourceSchema(type));
            addPaths(paths, type, "#/components/schemas/" + schemaName);
        }
        return document;
    }

    private JsonNode resourceSchema(ResourceType type) {
        ObjectNode schema = catalogue.customResource(type.groupVersion(), type.plural())
                .map(c -> (ObjectNode) c.schema().deepCopy())
                .orElseGet(this::openObjectSchema);
        schema.put("type", "object");
        ObjectNode properties = schema.withObjectProperty("properties");
        properties.putObject("apiVersion").put("type", "string")
                .put("description", "APIVersion defines the versioned schema of this representation of an object.");
        properties.putObject("kind").put("type", "string")
                .put("description", "Kind is a string value representing the REST resource this object represents.");
        properties.putObject("metadata").putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
        schema.putArray("x-kubernetes-group-version-kind").add(gvk(type));
        return schema;
    }

    /** Built-in types are not validated here; they accept any field, as the mock stores anything. */
    private ObjectNode openObjectSchema() {
        ObjectNode schema = json.createObjectNode();
        schema.put("x-kubernetes-preserve-unknown-fields", true);
        return schema;
    }

    private ObjectNode objectMetaSchema() {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "Standard object's metadata.");
        ObjectNode properties = schema.putObject("properties");
        for (String field : List.of("name", "namespace", "generateName", "uid", "resourceVersion",
                "creationTimestamp", "deletionTimestamp")) {
            properties.putObject(field).put("type", "string");
        }
        properties.putObject("generation").put("type", "integer").put("format", "int64");
        for (String field : List.of("labels", "annotations")) {
            properties.putObject(field).put("type", "object").putObject("additionalProperties").put("type", "string");
        }
        for (String field : List.of("finalizers")) {
            properties.putObject(field).put("type", "array").putObject("items").put("type", "string");
        }
        for (String field : List.of("ownerReferences", "managedFields")) {
            properties.putObject(field).put("type", "array").putObject("items")
                    .put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        }
        return schema;
    }

    private void addPaths(ObjectNode paths, ResourceType type, String schemaRef) {
        String collection = type.pathPrefix() + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
        String item = collection + "/{name}";
        if (type.verbs().contains("list")) {
            paths.putObject(collection).set("get", operation(type, "list", null, false));
        }
        if (type.verbs().contains("create")) {
            paths.withObjectProperty(collection).set("post", operation(type, "post", schemaRef, true));
        }
        if (type.verbs().contains("get")) {
            ObjectNode itemPath = paths.putObject(item);
            itemPath.set("get", operation(type, "get", null, false));
            itemPath.set("put", operation(type, "put", schemaRef, true));
            itemPath.set("patch", patchOperation(type));
            itemPath.set("delete", operation(type, "delete", null, false));
        }
        if (type.statusSubresource()) {
            ObjectNode statusPath = paths.putObject(item + "/status");
            statusPath.set("get", operation(type, "get", null, false));
            statusPath.set("put", operation(type, "put", schemaRef, true));
            statusPath.set("patch", patchOperation(type));
        }
    }

    private ObjectNode operation(ResourceType type, String action, String bodySchemaRef, boolean write) {
        ObjectNode operation = json.createObjectNode();
        operation.put("x-kubernetes-action", action);
        operation.set("x-kubernetes-group-version-kind", gvk(type));
        ArrayNode parameters = operation.putArray("parameters");
        if (write) {
            addWriteParameters(parameters);
        }
        if (bodySchemaRef != null) {
            ObjectNode content = operation.putObject("requestBody").putObject("content");
            content.putObject("application/json").putObject("schema").put("$ref", bodySchemaRef);
        }
        operation.putObject("responses").putObject("200").put("description", "OK");
        return operation;
    }

    private ObjectNode patchOperation(ResourceType type) {
        ObjectNode operation = operation(type, "patch", null, true);
        ObjectNode content = operation.putObject("requestBody").putObject("content");
        PATCH_TYPES.forEach(mediaType -> content.putObject(mediaType).putObject("schema").put("type", "object"));
        return operation;
    }

    private void addWriteParameters(ArrayNode parameters) {
        for (String name : List.of("dryRun", "fieldManager", "fieldValidation")) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name).put("in", "query").put("description", name);
            parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
        }
    }

    private ObjectNode gvk(ResourceType type) {
        ObjectNode gvk = json.createObjectNode();
        gvk.put("group", type.group()).put("kind", type.kind()).put("version", type.version());
        return gvk;
    }

    /** The real API server names a CRD schema after the reversed group, e.g. io.guestops.v1alpha1.Kind. */
    private static String schemaName(ResourceType type) {
        List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
        java.util.Collections.reverse(parts);
        String group = type.group().isEmpty() ? "io.k8s.api.core" : String.join(".", parts);
        return group + "." + type.version() + "." + type.kind();
    }

    private static String hash(String document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
