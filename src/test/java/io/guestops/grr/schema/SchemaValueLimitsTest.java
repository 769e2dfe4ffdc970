package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** pattern, maxLength, minLength, maxItems and minItems, each refused with the API server's words. */
class SchemaValueLimitsTest {

    private static JsonNode json(String text) {
        return Serialization.unmarshal(text, JsonNode.class);
    }

    /** An object schema with one field {@code f} described by {@code fieldSchema}. */
    private static SchemaCheck check(String fieldSchema, String value) {
        StructuralSchema schema = new StructuralSchema(json("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {"f": %s}}}}"""
                .formatted(fieldSchema)));
        return schema.checkObject(json("{\"spec\": {\"f\": " + value + "}}"));
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", textBlock = """
            {"type": "string", "maxLength": 3}                      | "abc"          | -
            {"type": "string", "maxLength": 3}                      | "abcd"         | spec.f: Too long: may not be more than 3 bytes
            {"type": "string", "maxLength": 3}                      | "äöü"          | -
            {"type": "string", "maxLength": 2}                      | "😀😀"           | -
            {"type": "string", "minLength": 2}                      | "a"            | spec.f: Invalid value: "a": spec.f in body should be at least 2 chars long
            {"type": "string", "minLength": 2}                      | "ab"           | -
            {"type": "string", "pattern": "^[a-z]+$"}               | "abc"          | -
            {"type": "string", "pattern": "^[a-z]+$"}               | "aBc"          | spec.f: Invalid value: "aBc": spec.f in body should match '^[a-z]+$'
            {"type": "string", "pattern": "^https?://"}             | "https://x/y"  | -
            {"type": "string", "pattern": "^https?://"}             | "ftp://x"      | spec.f: Invalid value: "ftp://x": spec.f in body should match '^https?://'
            {"type": "string", "pattern": "b"}                      | "abc"          | -
            {"type": "array", "items": {"type": "string"}, "maxItems": 2} | ["a", "b"]     | -
            {"type": "array", "items": {"type": "string"}, "maxItems": 2} | ["a", "b", "c"] | spec.f: Too many: 3: must have at most 2 items
            {"type": "array", "items": {"type": "string"}, "minItems": 1} | []             | spec.f: Invalid value: 0: spec.f in body should have at least 1 items
            {"type": "array", "items": {"type": "string", "maxLength": 1}} | ["a", "bc"]    | spec.f[1]: Too long: may not be more than 1 bytes
            """)
    void refusesWhatTheKeywordForbidsAndNothingElse(String fieldSchema, String value, String expected) {
        SchemaCheck check = check(fieldSchema, value);

        if (expected == null) {
            assertThat(check.errors()).isEmpty();
        } else {
            assertThat(check.errors()).extracting(FieldError::message).containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "abcdef"  | FieldValueTooLong
            "ABC"     | FieldValueInvalid
            """)
    void causesCarryTheApiServersReason(String value, String reason) {
        SchemaCheck check = check("{\"type\": \"string\", \"maxLength\": 5, \"pattern\": \"^[a-z]*$\"}", value);

        assertThat(check.errors()).extracting(FieldError::reason).contains(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"spec": {"f": "toolong"}}
            {"spec": {"f": null}}
            """)
    void aMergePatchIsNotHeldToTheLimitsOnlyTheObjectItProducesIs(String patch) {
        StructuralSchema schema = new StructuralSchema(json("""
                {"type": "object", "properties": {"spec": {"type": "object",
                 "properties": {"f": {"type": "string", "maxLength": 3}}}}}"""));

        assertThat(schema.checkMergePatch(json(patch)).errors()).isEmpty();
    }
}
