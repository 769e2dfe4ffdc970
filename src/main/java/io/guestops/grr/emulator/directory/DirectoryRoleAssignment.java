package io.guestops.grr.emulator.directory;

/** A direct directory role assignment (unifiedRoleAssignment). */
public record DirectoryRoleAssignment(String id, String tenantId, String principalId, String roleDefinitionId, String directoryScopeId) {
}
