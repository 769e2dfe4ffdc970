package io.guestops.grr.testkit;

import java.util.stream.Stream;

/**
 * Server-side applies the Kubernetes API server refuses, with the status and message it refuses
 * them with: one table for the embedded API's test and for the test that asks the real server too,
 * so that both hold the embedded API to the same answers.
 */
public final class RefusedApplies {

    private static final String RESOURCES = "/apis/guestops.io/v1alpha1/namespaces/default/guestredemptionresets/";

    private RefusedApplies() {
    }

    /**
     * One refused apply of the resource "ssa-refused".
     *
     * @param what         what is wrong, the test's name
     * @param path         the URL's last part (a name, or name/status)
     * @param query        the query, or null
     * @param moreMetadata JSON members added to metadata, or null
     * @param code         the HTTP status of the refusal
     * @param message      the Status message of the refusal
     */
    public record Case(String what, String path, String query, String moreMetadata, int code, String message) {

        /** The request path (with its query) below the API server's root. */
        public String pathAndQuery() {
            return RESOURCES + path + (query == null ? "" : "?" + query);
        }

        /** The apply patch: a valid resource but for what the case adds to metadata. */
        public String body() {
            return """
                    {"apiVersion": "guestops.io/v1alpha1", "kind": "GuestRedemptionReset",
                     "metadata": {"name": "ssa-refused"%s},
                     "spec": {"guest": {"email": "fay@old.example"}, "desiredEmail": "fay@new.example"}}
                    """.formatted(moreMetadata == null ? "" : moreMetadata);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** For {@code @MethodSource("io.guestops.grr.testkit.RefusedApplies#cases")}. */
    public static Stream<Case> cases() {
        return Stream.of(
                new Case("no fieldManager", "ssa-refused", null, null, 422,
                        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"),
                new Case("name differs from URL", "ssa-other", "fieldManager=t", null, 400,
                        "the name of the object (ssa-refused) does not match the name on the URL (ssa-other)"),
                new Case("status of a missing", "ssa-refused/status", "fieldManager=t", null, 404,
                        "guestredemptionresets.guestops.io \"ssa-refused\" not found"),
                new Case("managedFields given", "ssa-refused", "fieldManager=t", ", \"managedFields\": [{\"manager\": \"x\"}]", 400,
                        "metadata.managedFields must be nil"));
    }
}
