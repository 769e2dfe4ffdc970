package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The log setup of `run` and `dev`: the line formats, and which libraries are held to WARN. */
class LogSetupTest {

    @AfterEach
    void backToText() {
        LogSetup.configure(LogFormat.TEXT);
    }

    @Test
    void jsonPrintsOneObjectPerLineWithTheFieldsPipelinesIndexOn() throws Exception {
        LogSetup.configure(LogFormat.JSON);

        List<String> lines = captured(() -> {
            LoggerFactory.getLogger("io.guestops.grr.kube.Example").info("reset {} issued\nfor {}", "once", "alex");
            LoggerFactory.getLogger("io.guestops.grr.kube.Example").warn("write refused", new IllegalStateException("409 Conflict"));
        });

        assertThat(lines).hasSize(2);
        JsonNode info = new ObjectMapper().readTree(lines.get(0));
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("logger").asText()).isEqualTo("io.guestops.grr.kube.Example");
        assertThat(info.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(info.get("message").asText()).isEqualTo("reset once issued\nfor alex");
        assertThat(info.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(info.has("exception")).isFalse();
        JsonNode warning = new ObjectMapper().readTree(lines.get(1));
        assertThat(warning.get("level").asText()).isEqualTo("WARN");
        assertThat(warning.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(warning.get("exceptionMessage").asText()).isEqualTo("409 Conflict");
    }

    @Test
    void textIsOneLinePerRecordForPeople() {
        LogSetup.configure(LogFormat.TEXT);

        List<String> lines = captured(() -> LoggerFactory.getLogger("io.guestops.grr.kube.Example").info("guest {} settled", "alex"));

        assertThat(lines).singleElement().asString().matches("\\S+Z INFO  \\[.+] io\\.guestops\\.grr\\.kube\\.Example - guest alex settled");
    }

    @ParameterizedTest(name = "{0}: INFO shown {1}, WARN shown {2}")
    @CsvSource({
            "io.guestops.grr.kube.GuestRedemptionResetReconciler, true, true",
            "io.javaoperatorsdk.operator.Operator,                true, true",
            "com.microsoft.aad.msal4j.HttpHelper,                 false, true",
            "com.azure.identity.ClientSecretCredential,           false, false",
            "com.microsoft.aad.msal4j.ConfidentialClientApplication, false, false",
            "com.microsoft.kiota.http.OkHttpRequestAdapter,       false, true",
            "okhttp3.OkHttpClient,                                false, true",
            "io.fabric8.mockwebserver.MockWebServer,              false, true",
            "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils, false, false"})
    void librariesAreQuietedAndTheOperatorIsNot(String logger, boolean infoShown, boolean warnShown) {
        LogSetup.configure(LogFormat.TEXT);

        List<String> info = captured(() -> LoggerFactory.getLogger(logger).info("an info line"));
        List<String> warn = captured(() -> LoggerFactory.getLogger(logger).warn("a warning"));

        assertThat(info).hasSize(infoShown ? 1 : 0);
        assertThat(warn).hasSize(warnShown ? 1 : 0);
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("xml"))
                .isInstanceOf(Arguments.UsageError.class).hasMessage("option --log-format: expected text or json, got 'xml'");
    }

    private static List<String> captured(Runnable logging) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
