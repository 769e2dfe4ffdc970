package io.guestops.grr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A child process the test started (java -jar, `run`): what it wrote to its output files so far, and its stop. */
public final class ChildProcessOutput {

    private ChildProcessOutput() {
    }

    /** The file's text so far; empty while the process has not written it yet. */
    public static String readSoFar(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the process to end (SIGTERM) and kills it if it has not within 10 s. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
