package io.guestops.grr.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads manifest files and directories (every .yaml/.yml below them, in name order) into
 * documents that know the line of each field: multi-document files ({@code ---}) included, empty
 * documents skipped. SnakeYAML's node API is used instead of its object loader because only the
 * nodes carry their position.
 */
public final class ManifestReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What was read: the documents, and the files (or parts of them) that are not YAML. */
    public record Manifests(List<ManifestDocument> documents, List<ManifestProblem> unreadable) {}

    private ManifestReader() {
    }

    /** @throws IllegalArgumentException when a path does not exist or a directory holds no YAML file */
    public static Manifests read(List<Path> paths) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<ManifestProblem> unreadable = new ArrayList<>();
        for (Path file : yamlFiles(paths)) {
            try {
                parse(file, Files.readString(file), documents);
            } catch (MarkedYAMLException e) {
                unreadable.add(new ManifestProblem(file, lineOf(e), "", "", "not valid YAML: " + firstLine(e.getProblem())));
            } catch (YAMLException e) {
                unreadable.add(new ManifestProblem(file, 1, "", "", "not valid YAML: " + firstLine(e.getMessage())));
            } catch (IOException e) {
                unreadable.add(new ManifestProblem(file, 1, "", "", "cannot read: " + e.getMessage()));
            }
        }
        return new Manifests(List.copyOf(documents), List.copyOf(unreadable));
    }

    /** Every .yaml/.yml file the paths name, directories walked, sorted for a stable order. */
    public static List<Path> yamlFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    List<Path> found = walk.filter(Files::isRegularFile).filter(ManifestReader::isYaml).sorted().toList();
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException("no .yaml or .yml file in " + path);
                    }
                    files.addAll(found);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException(path + " does not exist");
            }
        }
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** The documents of one file's text (for text made in memory, such as an import's output). */
    public static List<ManifestDocument> parse(Path file, String text) {
        List<ManifestDocument> documents = new ArrayList<>();
        parse(file, text, documents);
        return documents;
    }

    /** Parses every document of {@code text}; documents before a syntax error are kept. */
    static void parse(Path file, String text, List<ManifestDocument> into) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Node root : new Yaml(options).composeAll(new java.io.StringReader(text))) {
            if (root == null || (root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL))) {
                continue;
            }
            Map<String, Integer> lines = new HashMap<>();
            JsonNode content = convert(root, "", lines);
            into.add(new ManifestDocument(file, line(root.getStartMark()), content, lines));
        }
    }

    private static JsonNode convert(Node node, String path, Map<String, Integer> lines) {
        if (!path.isEmpty()) {
            lines.put(path, line(node.getStartMark()));
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                String child = path.isEmpty() ? key : path + "." + key;
                lines.put(child, line(tuple.getKeyNode().getStartMark()));
                object.set(key, convert(tuple.getValueNode(), child, lines));
                lines.put(child, line(tuple.getKeyNode().getStartMark()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(convert(items.get(i), path + "[" + i + "]", lines));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /** A scalar typed as YAML resolved it (an unquoted 12345 is a number, as the API server sees it). */
    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(switch (value.toLowerCase()) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            });
        }
        if (tag.equals(Tag.INT)) {
            try {
                return JSON.numberNode(new BigInteger(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(value);
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(value);
            }
        }
        return JSON.textNode(value);
    }

    private static int line(Mark mark) {
        return mark == null ? 1 : mark.getLine() + 1;
    }

    private static int lineOf(MarkedYAMLException e) {
        return line(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark());
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
