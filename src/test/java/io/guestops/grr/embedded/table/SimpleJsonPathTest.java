package io.guestops.grr.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimpleJsonPathTest {

    private final JsonNode resource = Serialization.unmarshal("""
            {"spec": {"desiredEmail": "alex@outlook.com", "otherMails": {"add": ["a@x.com", "b@x.com"]}},
             "status": {"conditions": [
                {"type": "Reconciling", "status": "False", "reason": "Done"},
                {"type": "Ready", "status": "True", "reason": "ResetIssued"}]}}
            """, JsonNode.class);

    private String first(String path) {
        return SimpleJsonPath.compile(path).evaluate(resource).stream().findFirst().map(JsonNode::asText).orElse(null);
    }

    @Test
    void selectsTheConditionOfTheGivenType() {
        assertThat(first(".status.conditions[?(@.type==\"Ready\")].status")).isEqualTo("True");
        assertThat(first(".status.conditions[?(@.type==\"Ready\")].reason")).isEqualTo("ResetIssued");
        assertThat(first(".status.conditions[?(@.type!=\"Ready\")].type")).isEqualTo("Reconciling");
    }

    @Test
    void selectsNothingWhenAFieldOrConditionIsMissing() {
        assertThat(first(".status.conditions[?(@.type==\"Stalled\")].status")).isNull();
        assertThat(first(".status.reset.issuedAt")).isNull();
    }

    @Test
    void supportsIndexesWildcardsQuotedKeysAndKubectlBraces() {
        assertThat(first("{.spec.otherMails.add[-1]}")).isEqualTo("b@x.com");
        assertThat(SimpleJsonPath.compile(".spec.otherMails.add[*]").evaluate(resource)).hasSize(2);
        assertThat(first(".spec['desiredEmail']")).isEqualTo("alex@outlook.com");
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        assertThatThrownBy(() -> SimpleJsonPath.compile(".spec.add[1:2]"))
                .hasMessageContaining(".spec.add[1:2]");
    }
}
