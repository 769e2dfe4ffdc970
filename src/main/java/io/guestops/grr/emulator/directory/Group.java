package io.guestops.grr.emulator.directory;

import java.util.List;

/** A group; {@code memberIds} are user ids and, for nested groups, group ids. */
public record Group(String id, String tenantId, String displayName, List<String> memberIds) {

    public Group {
        memberIds = List.copyOf(memberIds);
    }
}
