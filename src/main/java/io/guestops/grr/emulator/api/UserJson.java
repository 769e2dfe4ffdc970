package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Identity;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON form of a user (all properties, as Graph would return them when selected) and the $select projection. */
public final class UserJson {
    /** Returned when no $select is given, in Graph's order. */
    static final List<String> DEFAULT_PROPERTIES = List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail",
            "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
    static final List<String> ALL_PROPERTIES = List.of("id", "accountEnabled", "businessPhones", "createdDateTime",
            "creationType", "displayName", "externalUserState", "externalUserStateChangeDateTime", "givenName", "identities",
            "jobTitle", "mail", "mobilePhone", "officeLocation", "otherMails", "preferredLanguage", "proxyAddresses",
            "surname", "userPrincipalName", "userType");

    private UserJson() {
    }

    public static ObjectNode full(DirectoryUser u) {
        return project(u, ALL_PROPERTIES);
    }

    /** One property's JSON value; a query's $filter reads only the properties it tests, so this is per property. */
    private static JsonNode value(DirectoryUser u, String property) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (property) {
            case "id" -> json.textNode(u.id());
            case "accountEnabled" -> u.accountEnabled() == null ? json.nullNode() : json.booleanNode(u.accountEnabled());
            case "businessPhones" -> Json.array(u.businessPhones());
            case "createdDateTime" -> json.textNode(instant(u.createdDateTime()));
            case "creationType" -> json.textNode(u.creationType());
            case "displayName" -> json.textNode(u.displayName());
            case "externalUserState" -> json.textNode(u.externalUserState());
            case "externalUserStateChangeDateTime" -> json.textNode(instant(u.externalUserStateChangeDateTime()));
            case "givenName" -> json.textNode(u.givenName());
            case "identities" -> identities(u);
            case "jobTitle" -> json.textNode(u.jobTitle());
            case "mail" -> json.textNode(u.mail());
            case "mobilePhone" -> json.textNode(u.mobilePhone());
            case "officeLocation" -> json.textNode(u.officeLocation());
            case "otherMails" -> Json.array(u.otherMails());
            case "preferredLanguage" -> json.textNode(u.preferredLanguage());
            case "proxyAddresses" -> Json.array(u.proxyAddresses());
            case "surname" -> json.textNode(u.surname());
            case "userPrincipalName" -> json.textNode(u.userPrincipalName());
            case "userType" -> json.textNode(u.userType());
            default -> {
                if (GraphUserProperties.named(property).isEmpty()) {
                    throw new IllegalArgumentException("not a user property: " + property);
                }
                // A real property the emulator does not model: as Graph shows one that is not set.
                yield json.nullNode();
            }
        };
    }

    private static ArrayNode identities(DirectoryUser u) {
        ArrayNode identities = JsonNodeFactory.instance.arrayNode();
        for (Identity i : u.identities()) {
            identities.addObject().put("signInType", i.signInType()).put("issuer", i.issuer()).put("issuerAssignedId", i.issuerAssignedId());
        }
        return identities;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The properties a $select names (canonical spelling, id always included), or the default set. */
    static List<String> selection(String select) {
        if (select == null || select.isBlank()) {
            return DEFAULT_PROPERTIES;
        }
        List<String> chosen = new ArrayList<>();
        for (String raw : select.split(",")) {
            String name = canonical(raw.trim());
            if (!chosen.contains(name)) {
                chosen.add(name);
            }
        }
        if (!chosen.contains("id")) {
            chosen.add("id");
        }
        return chosen;
    }

    static String canonical(String name) {
        for (String known : ALL_PROPERTIES) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        Optional<String> unmodeled = GraphUserProperties.named(name);
        if (unmodeled.isPresent()) {
            return unmodeled.get();
        }
        throw new GraphError(400, "Request_BadRequest", "Parsing OData Select and Expand failed: Could not find a property named '"
                + name + "' on type 'microsoft.graph.user'.");
    }

    static ObjectNode project(DirectoryUser user, List<String> properties) {
        ObjectNode projected = Json.object();
        for (String property : properties) {
            projected.set(property, value(user, property));
        }
        return projected;
    }

    static String contextSuffix(String select) {
        return select == null || select.isBlank() ? "" : "(" + String.join(",", selection(select)) + ")";
    }
}
