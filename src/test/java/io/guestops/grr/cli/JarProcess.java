package io.guestops.grr.cli;

import io.guestops.grr.testkit.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jars `package` built, and one of them run as its own process ({@code java -jar}), the way a
 * user or a container runs it.
 */
final class JarProcess {

    /** The jars `package` built; failsafe names them, the defaults serve a run from the IDE. */
    static final Path FULL_JAR = Path.of(System.getProperty("full.jar", "target/guest-redemption-operator.jar"));
    static final Path RUNTIME_JAR = Path.of(System.getProperty("runtime.jar", "target/guest-redemption-operator-runtime.jar"));

    private JarProcess() {
    }

    /** {@code java -jar jar args}, its output in {@code outputDir} (java-jar-stdout.txt, java-jar-stderr.txt). */
    static ChildProcess start(Path jar, Path outputDir, Map<String, String> environment, String... args) {
        List<String> arguments = new ArrayList<>(List.of("-jar", jar.toAbsolutePath().toString()));
        arguments.addAll(List.of(args));
        return ChildProcess.startJava("java-jar", outputDir, environment, arguments);
    }
}
