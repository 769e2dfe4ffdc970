package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.embedded.api.CustomResourceType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's generated CRD schema, applied as the API server applies it. */
class StructuralSchemaTest {

    private final StructuralSchema schema = new StructuralSchema(projectSchema());

    private static JsonNode projectSchema() {
        try (InputStream yaml = StructuralSchemaTest.class.getClassLoader()
                .getResourceAsStream("META-INF/fabric8/guestredemptionresets.guestops.io-v1.yml")) {
            return CustomResourceType.servedVersionsOf(Serialization.unmarshal(yaml, CustomResourceDefinition.class))
                    .get(0).schema();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return Serialization.unmarshal(text, JsonNode.class);
    }

    @Test
    void acceptsAValidResourceAndLeavesMetadataAlone() {
        SchemaCheck check = schema.checkObject(json("""
                {"apiVersion": "guestops.io/v1alpha1", "kind": "GuestRedemptionReset",
                 "metadata": {"name": "alex", "labels": {"a": "b"}},
                 "spec": {"guest": {"email": "alex@fabrikam.com"}, "desiredEmail": "alex@outlook.com",
                          "mail": "Keep", "otherMails": {"add": ["x@y.com"], "removePreviousEmail": true}},
                 "status": {"observedGeneration": 2}}"""));

        assertThat(check.errors()).isEmpty();
        assertThat(check.unknownFields()).isEmpty();
    }

    @Test
    void findsAndPrunesUndeclaredFieldsAtEveryLevel() {
        SchemaCheck check = schema.checkObject(json("""
                {"apiVersion": "guestops.io/v1alpha1", "kind": "GuestRedemptionReset", "metadata": {"name": "a"},
                 "extra": 1,
                 "spec": {"guest": {"email": "a@b.c", "upn": "x"}, "desiredEmail": "a@b.c", "foo": "bar"}}"""));

        assertThat(check.unknownFields()).containsExactlyInAnyOrder("extra", "spec.foo", "spec.guest.upn");
        assertThat(check.pruned().path("spec").has("foo")).isFalse();
        assertThat(check.pruned().path("spec").path("guest").has("upn")).isFalse();
        assertThat(check.pruned().path("spec").path("desiredEmail").asText()).isEqualTo("a@b.c");
    }

    @Test
    void reportsWrongTypesMissingRequiredFieldsAndUnsupportedEnumValues() {
        SchemaCheck check = schema.checkObject(json("""
                {"spec": {"desiredEmail": 42, "mail": "Replace", "otherMails": {"add": [1]}}}"""));

        assertThat(check.errors()).extracting(FieldError::message).containsExactlyInAnyOrder(
                "spec.desiredEmail: Invalid value: \"integer\": spec.desiredEmail in body must be of type string: \"integer\"",
                "spec.mail: Unsupported value: \"Replace\": supported values: \"Keep\", \"SetToDesiredEmail\"",
                "spec.otherMails.add[0]: Invalid value: \"integer\": spec.otherMails.add[0] in body must be of type string: \"integer\"",
                "spec.guest: Required value",
                // as in Kubernetes: the CEL rules wait until the object is well typed
                "<nil>: Invalid value: null: some validation rules were not checked because the object was "
                        + "invalid; correct the existing errors to complete validation");
    }

    @Test
    void theProjectsRulesRefuseWhatCouldOnlyEndStalled() {
        SchemaCheck check = schema.checkObject(json("""
                {"spec": {"guest": {"userId": "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01", "email": "a@fabrikam.com"},
                          "desiredEmail": "a@outlook.com.",
                          "connection": {"secretName": "graph", "workloadIdentity": {"tenantId": "t", "clientId": "c"}}}}"""));

        assertThat(check.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "spec.guest", "spec.desiredEmail", "spec.connection",
                "spec.connection.workloadIdentity.tenantId", "spec.connection.workloadIdentity.clientId");
        assertThat(check.errors()).extracting(FieldError::message)
                .contains("spec.guest: Invalid value: set exactly one of userId (the guest's object id) "
                        + "and email (its current mail)");
    }

    @Test
    void aResourceWithoutSpecIsRefused() {
        SchemaCheck check = schema.checkObject(json("""
                {"apiVersion": "guestops.io/v1alpha1", "kind": "GuestRedemptionReset", "metadata": {"name": "a"}}"""));

        // a missing required field blocks the CEL rules, as on kube-apiserver v1.37
        assertThat(check.errors()).extracting(FieldError::message).containsExactly("spec: Required value",
                "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; "
                        + "correct the existing errors to complete validation");
    }

    @Test
    void aMergePatchMayDeleteFieldsAndOmitRequiredOnes() {
        SchemaCheck check = schema.checkMergePatch(json("""
                {"spec": {"mail": null, "foo": 1}}"""));

        assertThat(check.errors()).isEmpty();
        assertThat(check.unknownFields()).containsExactly("spec.foo");
        assertThat(check.pruned().path("spec").has("mail")).isTrue();
    }
}
