package io.guestops.grr.graph.gateway;

/** A direct directory role assignment (unifiedRoleAssignment). */
public record RoleAssignment(String id, String roleDefinitionId, String principalId, String directoryScopeId) {}
