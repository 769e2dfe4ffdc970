package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/**
 * The body of a server-side apply ({@code PATCH} with {@value #MEDIA_TYPE}): an apply
 * configuration, YAML or JSON (kubectl and Fabric8 send JSON, which is YAML too), and how the
 * embedded API merges it into the live object.
 * <p>
 * The merge approximates server-side apply without field ownership, as a {@link JsonMergePatch}:
 * maps are merged key by key, lists and scalars are replaced by the applied value, fields the
 * configuration does not mention are left alone, and an explicit null removes the field. A real
 * API server also removes fields the same manager applied before and no longer applies, merges
 * lists declared {@code x-kubernetes-list-type: map} by key, and reports conflicts between
 * managers; the embedded one does none of that (every apply behaves as if forced) and keeps no
 * {@code managedFields}.
 */
public final class ApplyConfigurations {

    public static final String MEDIA_TYPE = "application/apply-patch+yaml";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ApplyConfigurations() {
    }

    /** True for a Content-Type header of a server-side apply (parameters such as charset ignored). */
    public static boolean isApply(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(MEDIA_TYPE);
    }

    /** Reads an apply configuration written as JSON or YAML. */
    public static JsonNode parse(byte[] body) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            JsonNode yaml = YAML.readTree(body);
            return yaml == null ? JSON.missingNode() : yaml;
        }
    }

    /** {@code live} with {@code applied} merged in (see the class comment); neither argument is changed. */
    public static JsonNode merge(JsonNode live, JsonNode applied) {
        return JsonMergePatch.apply(live, applied);
    }
}
