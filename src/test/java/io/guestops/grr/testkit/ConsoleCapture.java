package io.guestops.grr.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps what the process writes to the console (System.out and System.err, still printed) for the
 * class: the lines a test holds to "no secret in the log". Register it with {@code @RegisterExtension}
 * before the fixture whose servers it must hear from their start: extensions start in field order.
 */
public final class ConsoleCapture implements BeforeAllCallback, AfterAllCallback {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @Override
    public void beforeAll(ExtensionContext context) {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new TeeStream(originalOut, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Everything written since the class started. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
