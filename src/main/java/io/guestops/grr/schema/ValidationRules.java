package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CRD schema's {@code x-kubernetes-validations}: every rule compiled once, when the schema is
 * loaded (a rule that does not compile makes the CRD unusable, as the API server refuses such a
 * CRD), and evaluated with {@code self} bound to the value at the rule's schema node.
 * <p>
 * Not supported: transition rules (they use {@code oldSelf} and apply to updates only; this server
 * checks the new object alone, so they are skipped), {@code messageExpression}, {@code reason} and
 * {@code fieldPath} (the failure names the rule's own node with reason FieldValueInvalid), and the
 * cost budget.
 */
final class ValidationRules {

    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

    /** The standard environment plus the strings extension Kubernetes also offers. */
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .setResultType(SimpleType.BOOL)
            .build();

    private record Rule(String expression, String message, CelRuntime.Program program) {
    }

    /** Keyed by the schema node itself: the walk holds the very same nodes. */
    private final Map<JsonNode, List<Rule>> rulesByNode = new IdentityHashMap<>();

    ValidationRules(JsonNode schema) {
        collect(schema, "");
    }

    boolean any() {
        return !rulesByNode.isEmpty();
    }

    boolean at(JsonNode schemaNode) {
        return rulesByNode.containsKey(schemaNode);
    }

    /** The failures of the rules at {@code schemaNode} for a present (non-null) value. */
    List<FieldError> evaluate(JsonNode schemaNode, JsonNode value, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (Rule rule : rulesByNode.getOrDefault(schemaNode, List.of())) {
            try {
                Object result = rule.program().eval(Map.of("self", celValue(value)));
                if (!Boolean.TRUE.equals(result)) {
                    // the API server no longer shows the value's type ("object") as the invalid value
                    errors.add(new FieldError(path, "FieldValueInvalid", "Invalid value: " + rule.message()));
                }
            } catch (CelEvaluationException e) {
                errors.add(new FieldError(path, "InternalError", "Internal error: expression '" + rule.expression()
                        + "' resulted in error: " + e.getMessage()));
            }
        }
        return errors;
    }

    private void collect(JsonNode schema, String path) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String expression = validation.path("rule").asText();
            if (!OLD_SELF.matcher(expression).find()) {
                rules.add(compile(expression, validation.path("message").asText(""), path));
            }
        }
        if (!rules.isEmpty()) {
            rulesByNode.put(schema, List.copyOf(rules));
        }
        schema.path("properties").properties()
                .forEach(p -> collect(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey()));
        if (schema.path("items").isObject()) {
            collect(schema.get("items"), path + "[*]");
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(schema.get("additionalProperties"), path + "[*]");
        }
    }

    private static Rule compile(String expression, String message, String path) {
        try {
            CelRuntime.Program program = CEL.createProgram(CEL.compile(expression).getAst());
            return new Rule(expression, message.isBlank() ? "failed rule: " + expression : message, program);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("x-kubernetes-validations rule at " + (path.isEmpty() ? "<root>" : path)
                    + " does not compile: " + e.getMessage(), e);
        }
    }

    /** JSON as CEL sees it: objects as maps (a null field is an absent one), integers as int, numbers as double. */
    private static Object celValue(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            value.properties().forEach(f -> {
                if (!f.getValue().isNull()) {
                    fields.put(f.getKey(), celValue(f.getValue()));
                }
            });
            return fields;
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(item -> items.add(celValue(item)));
            return items;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        return value.isNumber() ? (Object) value.asDouble() : NullValue.NULL_VALUE;
    }
}
