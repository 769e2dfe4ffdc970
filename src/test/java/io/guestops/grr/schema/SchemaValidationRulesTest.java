package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** x-kubernetes-validations, evaluated with CEL as the API server evaluates them. */
class SchemaValidationRulesTest {

    private static JsonNode json(String text) {
        return Serialization.unmarshal(text, JsonNode.class);
    }

    /** spec.pair holds a and b (strings), spec.list is a list of objects with n (integer). */
    private static StructuralSchema schemaWithRules(String pairRules, String itemRules) {
        return new StructuralSchema(json("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {
                  "pair": {"type": "object", "x-kubernetes-validations": %s,
                           "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
                  "list": {"type": "array", "items": {"type": "object", "x-kubernetes-validations": %s,
                           "properties": {"n": {"type": "integer"}}}},
                  "mode": {"type": "string", "enum": ["On", "Off"]}}}}}""".formatted(pairRules, itemRules)));
    }

    private static final StructuralSchema EXACTLY_ONE = schemaWithRules(
            "[{\"rule\": \"has(self.a) != has(self.b)\", \"message\": \"set exactly one of a and b\"}]",
            "[{\"rule\": \"self.n < 10\"}]");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", textBlock = """
            {"pair": {"a": "x"}}                 | -
            {"pair": {"b": "x"}}                 | -
            {"pair": {"a": "x", "b": "y"}}       | spec.pair: Invalid value: set exactly one of a and b
            {"pair": {}}                         | spec.pair: Invalid value: set exactly one of a and b
            {"pair": {"a": "x", "b": null}}      | -
            {}                                   | -
            {"list": [{"n": 1}, {"n": 12}]}      | spec.list[1]: Invalid value: failed rule: self.n < 10
            """)
    void aRuleSeesItsNodeAsSelfAndIsSkippedWhenTheNodeIsAbsent(String spec, String expected) {
        SchemaCheck check = EXACTLY_ONE.checkObject(json("{\"spec\": " + spec + "}"));

        if (expected == null) {
            assertThat(check.errors()).isEmpty();
        } else {
            assertThat(check.errors()).extracting(FieldError::message).containsExactly(expected);
        }
    }

    @Test
    void rulesSeeThePrunedObject() {
        SchemaCheck check = EXACTLY_ONE.checkObject(json("{\"spec\": {\"pair\": {\"a\": \"x\", \"undeclared\": 1}}}"));

        assertThat(check.errors()).isEmpty();
        assertThat(check.unknownFields()).containsExactly("spec.pair.undeclared");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"pair": {"a": 1}, "list": [{"n": 12}]}
            {"mode": "Sideways", "pair": {}}
            """)
    void noRuleRunsWhileTheObjectIsBadlyTyped(String spec) {
        SchemaCheck check = EXACTLY_ONE.checkObject(json("{\"spec\": " + spec + "}"));

        assertThat(check.errors()).extracting(FieldError::message)
                .noneMatch(m -> m.contains("set exactly one") || m.contains("failed rule"))
                .contains("<nil>: Invalid value: null: some validation rules were not checked because the object "
                        + "was invalid; correct the existing errors to complete validation");
    }

    @Test
    void everyFailingRuleOfANodeIsReportedAndAnEvaluationErrorIsAnInternalError() {
        StructuralSchema schema = schemaWithRules("""
                [{"rule": "has(self.a)", "message": "a is required"},
                 {"rule": "!has(self.b) || self.b.startsWith('x')", "message": "b starts with x"},
                 {"rule": "self.a.size() > 0"}]""", "[]");

        SchemaCheck check = schema.checkObject(json("{\"spec\": {\"pair\": {\"b\": \"yes\"}}}"));

        assertThat(check.errors()).extracting(FieldError::message).hasSize(3)
                .startsWith("spec.pair: Invalid value: a is required",
                        "spec.pair: Invalid value: b starts with x");
        assertThat(check.errors().get(2).reason()).isEqualTo("InternalError");
        assertThat(check.errors().get(2).message())
                .startsWith("spec.pair: Internal error: expression 'self.a.size() > 0' resulted in error: ");
    }

    @Test
    void aTransitionRuleIsSkippedBecauseOnlyTheNewObjectIsChecked() {
        StructuralSchema schema = schemaWithRules("[{\"rule\": \"self == oldSelf\", \"message\": \"immutable\"}]", "[]");

        assertThat(schema.checkObject(json("{\"spec\": {\"pair\": {\"a\": \"x\"}}}")).errors()).isEmpty();
    }

    @Test
    void aRuleThatDoesNotCompileMakesTheSchemaUnusable() {
        assertThatThrownBy(() -> schemaWithRules("[{\"rule\": \"has(self.a) &&\"}]", "[]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at spec.pair")
                .hasMessageContaining("does not compile");
    }
}
