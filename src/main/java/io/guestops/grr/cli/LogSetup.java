package io.guestops.grr.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The process's logging, in one place. Every library ends in java.util.logging (slf4j through
 * slf4j-jdk14; OkHttp and the mock server use it directly), so one handler and one level table
 * cover them all: the operator's own INFO stays, the SDKs' chatter goes down to WARNING.
 * <p>
 * Its public constructor lets a JVM name it as {@code java.util.logging.config.class} (the tests
 * do, so they log like the jar).
 */
public final class LogSetup {

    /** Libraries that talk too much at INFO for an operator's log. */
    static final Map<String, Level> QUIETED = Map.ofEntries(
            // MSAL logs a "Correlation ID ... not same as received" line for every token request.
            Map.entry("com.microsoft.aad.msal4j", Level.WARNING),
            Map.entry("com.azure", Level.WARNING),
            // A refused credential: MSAL logs a WARN and Azure Identity two ERROR lines at every token
            // request, naming no connection. The operator reports each refusal itself, with Entra's
            // AADSTS code and sentence, once per change of state (the delta watch) or in the status.
            Map.entry("com.microsoft.aad.msal4j.ConfidentialClientApplication", Level.OFF),
            Map.entry("com.azure.identity", Level.OFF),
            Map.entry("com.microsoft.kiota", Level.WARNING),
            Map.entry("com.microsoft.graph", Level.WARNING),
            Map.entry("okhttp3", Level.WARNING),
            Map.entry("reactor", Level.WARNING),
            Map.entry("io.netty", Level.WARNING),
            // The embedded Kubernetes of dev: the mock server logs every request at INFO.
            Map.entry("io.fabric8.mockwebserver", Level.WARNING),
            Map.entry("io.fabric8.kubernetes.client.server.mock", Level.WARNING),
            Map.entry("io.vertx", Level.WARNING),
            // Warns on every start that the operator's own CRD is served as v1alpha1: known, not actionable.
            Map.entry("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.SEVERE));

    public LogSetup() {
        configure(LogFormat.TEXT);
    }

    /** Replaces whatever logging was set up with the operator's levels and one standard-error handler. */
    static void configure(LogFormat format) {
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(levels().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Logger.getLogger("").addHandler(new StandardErrorHandler(format.formatter()));
    }

    /** The level table as java.util.logging properties, which also apply to loggers created later. */
    private static String levels() {
        StringBuilder properties = new StringBuilder(".level=INFO\n");
        QUIETED.forEach((logger, level) -> properties.append(logger).append(".level=").append(level.getName()).append('\n'));
        return properties.toString();
    }
}
