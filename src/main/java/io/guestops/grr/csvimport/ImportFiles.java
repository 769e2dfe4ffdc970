package io.guestops.grr.csvimport;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an import's files so that no half-written file, and no half of an import, is ever seen:
 * everything goes to a fresh directory next to the target first; a new target directory is then
 * that directory renamed, an existing one receives each file by an atomic rename.
 */
public final class ImportFiles {

    private ImportFiles() {
    }

    public static void write(Path target, List<GuestImport.ResourceFile> files) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + "-import-");
        try {
            for (GuestImport.ResourceFile file : files) {
                Files.writeString(staging.resolve(file.fileName()), file.yaml());
            }
            if (!Files.exists(absolute)) {
                Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            for (GuestImport.ResourceFile file : files) {
                move(staging.resolve(file.fileName()), absolute.resolve(file.fileName()));
            }
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
