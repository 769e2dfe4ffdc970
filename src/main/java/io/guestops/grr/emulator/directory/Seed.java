package io.guestops.grr.emulator.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The whole initial state of the emulator: tenants, applications, users, role assignments and groups. */
public record Seed(List<Tenant> tenants, List<Application> applications, List<DirectoryUser> users,
                   List<DirectoryRoleAssignment> roleAssignments, List<Group> groups) {

    public Seed {
        tenants = List.copyOf(tenants);
        applications = List.copyOf(applications);
        users = List.copyOf(users);
        roleAssignments = List.copyOf(roleAssignments);
        groups = List.copyOf(groups);
    }

    /** A seed without groups (what tests that build users in code need). */
    public Seed(List<Tenant> tenants, List<Application> applications, List<DirectoryUser> users,
                List<DirectoryRoleAssignment> roleAssignments) {
        this(tenants, applications, users, roleAssignments, List.of());
    }

    /** Parses seed YAML; a malformed seed raises {@link SeedException} naming the line and field. */
    public static Seed parse(String yaml) {
        return new SeedParser().parse(yaml);
    }

    public static Seed load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SeedException("cannot read seed file " + file + ": " + e.getMessage());
        }
    }

    /** The documented sample seed shipped at {@code emulator/sample-seed.yaml}. */
    public static Seed sample() {
        try (InputStream in = Seed.class.getResourceAsStream("/emulator/sample-seed.yaml")) {
            if (in == null) {
                throw new SeedException("sample seed resource /emulator/sample-seed.yaml is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SeedException("cannot read the sample seed: " + e.getMessage());
        }
    }
}
