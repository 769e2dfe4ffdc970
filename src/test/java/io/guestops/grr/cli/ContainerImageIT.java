package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image the `image` profile builds, without a registry: Jib builds it to a tarball on top of a
 * small local base image (no registry is reachable here, and Jib accepts a {@code tar://} base),
 * and the test reads the image's configuration and layers.
 */
class ContainerImageIT {

    private static final String NAME = "registry.example.com/guest-redemption-operator";
    private static final String TAG = "it-check";
    @TempDir
    static Path dir;
    private static JsonNode config;
    private static JsonNode manifest;
    private static Path image;

    @BeforeAll
    static void buildTheImage() throws Exception {
        Path base = BaseImage.write(dir.resolve("base"));
        Path tarball = dir.resolve("image.tar");
        List<String> mvn = new ArrayList<>(List.of(maven(), "-B", "-ntp", "-q", "-Pimage", "jib:buildTar",
                "-Dimage.base=tar://" + base.toAbsolutePath(), "-Dimage.name=" + NAME, "-Dimage.tag=" + TAG,
                "-Djib.outputPaths.tar=" + tarball.toAbsolutePath(), "-Djib.outputPaths.digest=" + dir.resolve("digest").toAbsolutePath(),
                "-Djib.outputPaths.imageId=" + dir.resolve("id").toAbsolutePath(),
                "-Djib.outputPaths.imageJson=" + dir.resolve("image.json").toAbsolutePath()));
        run(mvn, Path.of("."), 300);
        image = Files.createDirectories(dir.resolve("image"));
        run(List.of("tar", "-xf", tarball.toAbsolutePath().toString(), "-C", image.toString()), image, 60);
        ObjectMapper json = new ObjectMapper();
        manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
        config = json.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    }

    @Test
    void theEntrypointRunsTheRuntimeJar() {
        assertThat(strings(config.at("/config/Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar",
                "/app/guest-redemption-operator-runtime.jar");
        assertThat(strings(config.at("/config/Cmd"))).containsExactly("run", "--health-port", "8080");
    }

    @Test
    void itRunsAsTheNonRootUserAndExposesTheHealthPort() {
        assertThat(config.at("/config/User").asText()).isEqualTo("65532:65532");
        assertThat(iterable(config.at("/config/ExposedPorts").fieldNames())).containsExactly("8080/tcp");
    }

    @Test
    void nameAndTagComeFromTheProperties() {
        assertThat(strings(manifest.get("RepoTags"))).containsExactly(NAME + ":" + TAG);
    }

    @Test
    void theOnlyLayerAddedToTheBaseHoldsTheRuntimeJar() throws Exception {
        List<String> layers = strings(manifest.get("Layers"));
        assertThat(layers).hasSize(BaseImage.LAYERS + 1);
        Path ours = image.resolve(layers.get(layers.size() - 1));
        String listing = run(List.of("tar", "-tzf", ours.toString()), image, 60);

        assertThat(listing.lines().toList()).containsExactlyInAnyOrder("app/", "app/guest-redemption-operator-runtime.jar");
        Path extracted = Files.createDirectories(dir.resolve("layer"));
        run(List.of("tar", "-xzf", ours.toString(), "-C", extracted.toString()), image, 60);
        assertThat(Files.mismatch(extracted.resolve("app/guest-redemption-operator-runtime.jar"), JarProcess.RUNTIME_JAR)).isEqualTo(-1);
    }

    private static String maven() {
        String home = System.getProperty("maven.home");
        return home == null || home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }

    private static String run(List<String> command, Path workingDir, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "out", ".txt");
        Path errors = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectOutput(output.toFile())
                .redirectError(errors.toFile()).start();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String text = Files.readString(output);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text + Files.readString(errors)).isZero();
        return text;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    /** A one-layer image in `docker save` layout, standing in for the JRE base that cannot be pulled here. */
    static final class BaseImage {
        static final int LAYERS = 1;

        static Path write(Path directory) throws Exception {
            Files.createDirectories(directory.resolve("root/etc"));
            Files.writeString(directory.resolve("root/etc/base-image"), "stand-in base\n");
            run(List.of("tar", "-cf", "layer.tar", "-C", "root", "etc"), directory, 60);
            String diffId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(directory.resolve("layer.tar"))));
            Files.writeString(directory.resolve("config.json"), """
                    {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"]},
                     "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted(diffId), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("manifest.json"), """
                    [{"Config":"config.json","RepoTags":["base:it"],"Layers":["layer.tar"]}]""");
            run(List.of("tar", "-cf", "base.tar", "manifest.json", "config.json", "layer.tar"), directory, 60);
            return directory.resolve("base.tar");
        }
    }
}
