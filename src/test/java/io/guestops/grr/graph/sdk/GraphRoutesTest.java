package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A request path becomes a route template before it is a label: never an id, a UPN or an address. */
class GraphRoutesTest {

    private final GraphRoutes routes = new GraphRoutes("/v1.0");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1.0/users                                                        | /users
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01                   | /users/{id}
            /v1.0/users/alex@fabrikam.com                                      | /users/{id}
            /v1.0/users/alex%40fabrikam.com                                    | /users/{id}
            /v1.0/users/alex_fabrikam.com%23EXT%23@contoso.onmicrosoft.com     | /users/{id}
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01/checkMemberGroups | /users/{id}/checkMemberGroups
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01/checkmembergroups | /users/{id}/checkMemberGroups
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01/extensions        | /users/{id}/extensions
            /v1.0/users/alex@fabrikam.com/extensions/io.guestops.grr.reset.0a1b | /users/{id}/extensions/{name}
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01/Extensions/x      | /users/{id}/extensions/{name}
            /v1.0/users/6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01/extensions/       | other
            /v1.0/users/delta()                                                | /users/delta
            /v1.0/users/delta                                                  | /users/delta
            /v1.0/invitations                                                  | /invitations
            /v1.0/Invitations                                                  | /invitations
            /v1.0/domains                                                      | /domains
            /v1.0/roleManagement/directory/roleAssignments                     | /roleManagement/directory/roleAssignments
            /v1.0/$batch                                                       | /$batch
            /v1.0/%24batch                                                     | /$batch
            /v1.0/users/                                                       | other
            /v1.0/users//checkMemberGroups                                     | other
            /v1.0/users/alex@fabrikam.com/memberOf                             | other
            /v1.0/groups/7a3e9c51-0b2d-4f6e-8a1c-3d5f7b9e1c01                  | other
            /beta/users/alex@fabrikam.com                                      | other
            /v1.0                                                              | other
            /                                                                  | other
            """)
    void aPathBecomesItsRouteTemplate(String path, String template) {
        assertThat(routes.templateOf(path)).isEqualTo(template);
    }

    @ParameterizedTest(name = "base {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /proxy/v1.0  | /proxy/v1.0/users/alex@fabrikam.com | /users/{id}
            /proxy/v1.0/ | /proxy/v1.0/invitations             | /invitations
            /proxy/v1.0  | /v1.0/invitations                   | other
            """)
    void theBasePathOfTheEndpointIsNotPartOfTheRoute(String basePath, String path, String template) {
        assertThat(new GraphRoutes(basePath).templateOf(path)).isEqualTo(template);
    }
}
