package io.guestops.grr.graph;

/** A direct directory role assignment (unifiedRoleAssignment). */
public record RoleAssignment(String id, String roleDefinitionId, String principalId, String directoryScopeId) {}
