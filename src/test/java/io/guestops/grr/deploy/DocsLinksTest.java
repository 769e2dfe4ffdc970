package io.guestops.grr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A newcomer follows the README into docs/: every relative link there must land on a file that
 * exists, and a link to a heading on a heading that exists (GitHub's anchors), so a page that is
 * moved or a heading that is renamed cannot silently leave a dead link behind.
 */
class DocsLinksTest {

    /** A markdown link or image: [text](target) or [text](target "title"). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkInTheReadmeAndDocsPointsToAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = pages();
        for (Path page : pages) {
            for (String target : links(page)) {
                problem(page, target).ifPresent(broken::add);
            }
        }
        assertThat(pages).contains(Path.of("README.md"), Path.of("docs/concepts.md"));
        assertThat(broken).as("dead relative links").isEmpty();
    }

    @Test
    void theReadmeStaysShortAndLeadsToEveryPageOfTheDocs() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        assertThat(readme).as("the README is the front door; the rest lives in docs/").hasSizeLessThanOrEqualTo(300);
        Set<Path> reachable = reachableFrom(Path.of("README.md"));
        assertThat(pages()).as("every page can be reached from the README").allSatisfy(page ->
                assertThat(reachable).contains(page));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static Set<Path> reachableFrom(Path start) throws IOException {
        Set<Path> seen = new HashSet<>();
        List<Path> queue = new ArrayList<>(List.of(start));
        while (!queue.isEmpty()) {
            Path page = queue.remove(queue.size() - 1);
            if (!seen.add(page)) {
                continue;
            }
            for (String target : links(page)) {
                if (isRelative(target)) {
                    Path file = resolve(page, target);
                    if (file.toString().endsWith(".md") && Files.isRegularFile(file)) {
                        queue.add(file);
                    }
                }
            }
        }
        return seen;
    }

    private static java.util.Optional<String> problem(Path page, String target) throws IOException {
        if (!isRelative(target)) {
            return java.util.Optional.empty();
        }
        Path file = resolve(page, target);
        if (!Files.exists(file)) {
            return java.util.Optional.of(page + ": " + target + " (no such file: " + file + ")");
        }
        int hash = target.indexOf('#');
        if (hash >= 0 && file.toString().endsWith(".md")) {
            String anchor = target.substring(hash + 1);
            if (!anchors(file).contains(anchor)) {
                return java.util.Optional.of(page + ": " + target + " (no heading with anchor #" + anchor + " in " + file + ")");
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean isRelative(String target) {
        return !target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    /** The file a link names, from the repository's root; a bare #anchor names the page itself. */
    private static Path resolve(Path page, String target) {
        int hash = target.indexOf('#');
        String path = hash >= 0 ? target.substring(0, hash) : target;
        if (path.isEmpty()) {
            return page;
        }
        Path base = page.getParent() == null ? Path.of("") : page.getParent();
        return base.resolve(path).normalize();
    }

    /** Link targets outside fenced code blocks. */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(page)) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** GitHub's anchors: headings lower-cased, punctuation dropped, spaces to hyphens, repeats numbered. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> repeats = new HashMap<>();
        for (String line : proseLines(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int seen = repeats.merge(slug, 1, Integer::sum) - 1;
                anchors.add(seen == 0 ? slug : slug + "-" + seen);
            }
        }
        return anchors;
    }

    private static List<String> proseLines(Path page) throws IOException {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }
}
