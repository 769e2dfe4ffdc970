package io.guestops.grr.decision.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A policy's namespaceSelector selects as the API server's label selectors do, and never more. */
class NamespaceSelectionTest {

    private static final Map<String, String> PARTNER_A = Map.of("team", "partner-a", "tier", "external");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                                           | true",
            "{matchLabels: {team: partner-a}}                                             | true",
            "{matchLabels: {team: partner-b}}                                             | false",
            "{matchLabels: {team: partner-a, tier: internal}}                             | false",
            "{matchExpressions: [{key: team, operator: In, values: [partner-a, partner-b]}]} | true",
            "{matchExpressions: [{key: team, operator: NotIn, values: [partner-a]}]}       | false",
            "{matchExpressions: [{key: owner, operator: NotIn, values: [x]}]}              | true",
            "{matchExpressions: [{key: tier, operator: Exists}]}                           | true",
            "{matchExpressions: [{key: tier, operator: DoesNotExist}]}                     | false",
            "{matchExpressions: [{key: tier, operator: Gt, values: ['1']}]}                | false",
            "{matchLabels: {team: partner-a}, matchExpressions: [{key: tier, operator: In, values: [internal]}]} | false"})
    void selectsAsKubernetesDoes(String selectorYaml, boolean selected) {
        LabelSelector selector = PolicyCheckTest.policy("p", "namespaceSelector: " + selectorYaml + "\nguests: {}\n")
                .getSpec().getNamespaceSelector();
        assertThat(NamespaceSelection.selects(selector, PARTNER_A)).isEqualTo(selected);
    }

    @org.junit.jupiter.api.Test
    void aMissingSelectorSelectsNothing() {
        assertThat(NamespaceSelection.selects(null, PARTNER_A)).isFalse();
    }
}
