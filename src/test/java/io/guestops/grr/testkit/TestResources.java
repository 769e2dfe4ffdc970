package io.guestops.grr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Files under src/test/resources, named from its root ("/e2e/...", "/bad-input/..."). */
public final class TestResources {

    private TestResources() {
    }

    /** The file's text. */
    public static String text(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a multi-document YAML file, empty ones left out, in file order. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> yamlDocuments(String name) {
        try (InputStream in = open(name)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            new Yaml().loadAll(in).forEach(document -> {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = TestResources.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        return in;
    }
}
