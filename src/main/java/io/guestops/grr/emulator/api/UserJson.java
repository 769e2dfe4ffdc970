package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Identity;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        ObjectNode node = Json.object();
        node.put("id", u.id());
        node.put("accountEnabled", u.accountEnabled());
        node.set("businessPhones", Json.array(u.businessPhones()));
        node.put("createdDateTime", instant(u.createdDateTime()));
        node.put("creationType", u.creationType());
        node.put("displayName", u.displayName());
        node.put("externalUserState", u.externalUserState());
        node.put("externalUserStateChangeDateTime", instant(u.externalUserStateChangeDateTime()));
        node.put("givenName", u.givenName());
        ArrayNode identities = node.putArray("identities");
        for (Identity i : u.identities()) {
            identities.addObject().put("signInType", i.signInType()).put("issuer", i.issuer()).put("issuerAssignedId", i.issuerAssignedId());
        }
        node.put("jobTitle", u.jobTitle());
        node.put("mail", u.mail());
        node.put("mobilePhone", u.mobilePhone());
        node.put("officeLocation", u.officeLocation());
        node.set("otherMails", Json.array(u.otherMails()));
        node.put("preferredLanguage", u.preferredLanguage());
        node.set("proxyAddresses", Json.array(u.proxyAddresses()));
        node.put("surname", u.surname());
        node.put("userPrincipalName", u.userPrincipalName());
        node.put("userType", u.userType());
        return node;
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
        throw new GraphError(400, "Request_BadRequest", "Parsing OData Select and Expand failed: Could not find a property named '"
                + name + "' on type 'microsoft.graph.user'.");
    }

    static ObjectNode project(DirectoryUser user, List<String> properties) {
        ObjectNode full = full(user);
        ObjectNode projected = Json.object();
        for (String property : properties) {
            projected.set(property, full.get(property));
        }
        return projected;
    }

    static String contextSuffix(String select) {
        return select == null || select.isBlank() ? "" : "(" + String.join(",", selection(select)) + ")";
    }
}
