package io.guestops.grr.graph.sdk;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_APP;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_SECRET;
import static io.guestops.grr.testkit.EmulatorHttp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.gateway.UserDelta;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The property-name audit (issue 16): every property the gateway names in a {@code $select}, a
 * {@code $filter} or a request body exists in Microsoft's Graph v1.0 metadata, and every property
 * the {@code users/delta} {@code $select} names is one delta tracks. The metadata is the subset in
 * {@code src/test/resources/graph-metadata/v1.0-subset.xml} (its source is named at its top); what
 * the operator uses is read off the requests it really sends, from the emulator's journal, so a new
 * {@code $select} entry, filter or body field is audited without editing this test.
 */
class GraphPropertyAuditTest {

    // The sample seed's tenant, operator application and John, a guest: EmulatorHttp's names for them.
    static final String VERSION = "/v1.0";

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSeed(Seed::sample);

    static SdkGraphGateway gateway;
    static Metadata metadata;

    @BeforeAll
    static void start() throws Exception {
        gateway = GraphGateways.create(FIXTURE.connectionAs(TENANT, OPERATOR_APP).clientSecret(OPERATOR_SECRET).build());
        try (InputStream in = GraphPropertyAuditTest.class.getResourceAsStream("/graph-metadata/v1.0-subset.xml")) {
            metadata = Metadata.parse(in);
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyPropertyTheGatewaySelectsFiltersOnOrWritesIsInGraphsMetadata() {
        Instant start = Instant.now();
        sendEveryKindOfRequest();
        List<JournalEntry> sent = FIXTURE.emulator().journal().stream()
                .filter(e -> !e.time().isBefore(start) && e.path().startsWith(VERSION + "/")).toList();

        Audit audit = new Audit();
        sent.forEach(audit::check);

        assertSoftly(softly -> {
            softly.assertThat(audit.seen).as("the audit saw every kind of request (else it passes for nothing)").contains(
                    "GET user $select", "GET user $filter", "GET user delta $select", "GET user delta $filter",
                    "GET unifiedRoleAssignment $select", "GET unifiedRoleAssignment $filter", "GET domain $select",
                    "PATCH user body", "POST invitation body", "POST openTypeExtension body", "PATCH openTypeExtension body");
            softly.assertThat(audit.notInMetadata).as("properties Graph v1.0 does not declare, in the requests %s", audit.seen).isEmpty();
            softly.assertThat(audit.notTrackedByDelta).as("users/delta $select of properties delta does not track").isEmpty();
        });
    }

    /** Each gateway method that builds a request, with the optional parts (message info, long addresses) set. */
    private static void sendEveryKindOfRequest() {
        gateway.getUser(JOHN);
        gateway.findUsersByMail("john@contoso.com");
        gateway.findAddressHolders(List.of("john@contoso.com", "a".repeat(130) + "@example.org")); // a plain and an advanced query
        gateway.findAddressHolders(List.of("a@example.org", "b@example.org", "c@example.org", "d@example.org")); // $batch parts
        gateway.readGuest(JOHN, true, List.of("john@contoso.com"));
        gateway.directoryRoleAssignments(JOHN);
        gateway.verifiedDomains();
        gateway.updateEmails(JOHN, new EmailUpdate("john@newco.example", List.of("john@newco.example", "john.doe@example.org")));
        gateway.resetRedemption(new ResetInvitation(JOHN, "john@newco.example", "https://myapps.microsoft.com", true,
                "en-US", "helpdesk@fabrikam.com", "Your sign-in address changed."));
        ResetRequestNote note = new ResetRequestNote("john@newco.example", "ticket-1", "2026-06-01T10:00:00Z",
                "2024-03-01T10:00:00Z", "team-a/john", 1);
        gateway.createResetNote(JOHN, note);
        gateway.updateResetNote(JOHN, new ResetRequestNote(note.email(), note.request(), note.requestedAt(),
                note.baselineStateChangeTime(), note.requestedBy(), 2));
        gateway.readResetNotes(JOHN);
        gateway.deleteResetNote(JOHN, note.extensionName());
        GraphResult<UserDelta> first = gateway.usersDelta(null, List.of(JOHN));
        gateway.usersDelta(null, List.of()); // the drift watch's round: no filter
        if (first.isSuccess() && first.value().deltaLink() != null) {
            gateway.usersDelta(first.value().deltaLink(), List.of());
        }
    }

    /** Checks journal entries against the metadata; collects what it saw and what it refused. */
    static final class Audit {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");
        private static final Pattern LAMBDA_VARIABLE = Pattern.compile("(\\w+)\\s*:");
        /** A property compared ({@code p eq}), a collection in a lambda ({@code p/any(}), or a function's first argument. */
        private static final Pattern FILTERED = Pattern.compile(
                "\\b(\\w+)\\s+(?:eq|ne|gt|ge|lt|le|in)\\s|\\b(\\w+)/(?:any|all)\\(|\\b(?:startsWith|endsWith|contains)\\(\\s*(\\w+)\\s*,");

        final Set<String> seen = new TreeSet<>();
        final Set<String> notInMetadata = new TreeSet<>();
        final Set<String> notTrackedByDelta = new TreeSet<>();

        void check(JournalEntry entry) {
            String full = entry.path();
            int q = full.indexOf('?');
            String path = full.substring(VERSION.length(), q < 0 ? full.length() : q);
            Map<String, String> query = query(q < 0 ? "" : full.substring(q + 1));
            String type = typeOf(entry.method(), path);
            if (type == null) {
                return; // $batch (its parts are journaled one by one), checkMemberGroups (an action's parameter), DELETE
            }
            boolean delta = path.matches("/users/(microsoft\\.graph\\.)?delta(\\(\\))?");
            String what = entry.method() + " " + type + (delta ? " delta" : "");
            if (query.containsKey("$select")) {
                seen.add(what + " $select");
                for (String property : query.get("$select").split(",")) {
                    require(type, property.trim(), what + " $select");
                    if (delta && metadata.notTrackedByDelta(property.trim())) {
                        notTrackedByDelta.add(property.trim());
                    }
                }
            }
            if (query.containsKey("$filter")) {
                seen.add(what + " $filter");
                filteredProperties(query.get("$filter")).forEach(p -> require(type, p, what + " $filter"));
            }
            if (!entry.requestBody().isBlank() && (entry.method().equals("POST") || entry.method().equals("PATCH"))) {
                seen.add(what + " body");
                body(type, readJson(entry.requestBody()), what + " body");
            }
        }

        /** The entity type a request addresses (its $select, $filter and body are of that type). */
        private static String typeOf(String method, String path) {
            if (path.matches("/users(/[^/]+)?") || path.matches("/users/(microsoft\\.graph\\.)?delta(\\(\\))?")) {
                return method.equals("DELETE") ? null : "user";
            }
            if (path.matches("/users/[^/]+/extensions(/[^/]+)?")) {
                return method.equals("DELETE") || method.equals("GET") ? null : "openTypeExtension";
            }
            return switch (path) {
                case "/invitations" -> "invitation";
                case "/roleManagement/directory/roleAssignments" -> "unifiedRoleAssignment";
                case "/domains" -> "domain";
                default -> null;
            };
        }

        static Set<String> filteredProperties(String filter) {
            String bare = LITERAL.matcher(filter).replaceAll("''");
            Set<String> variables = new LinkedHashSet<>();
            Matcher v = LAMBDA_VARIABLE.matcher(bare);
            while (v.find()) {
                variables.add(v.group(1));
            }
            Set<String> properties = new LinkedHashSet<>();
            Matcher m = FILTERED.matcher(bare);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                if (!variables.contains(name)) {
                    properties.add(name);
                }
            }
            return properties;
        }

        /**
         * Every field of a body is a property of its type, recursively into complex and navigation
         * properties; an open extension's custom fields are allowed (the type is open for exactly that).
         */
        private void body(String type, JsonNode node, String where) {
            if (node.isArray()) {
                node.forEach(element -> body(type, element, where));
                return;
            }
            if (!node.isObject()) {
                return;
            }
            if (type.equals("openTypeExtension")) {
                if (!"#microsoft.graph.openTypeExtension".equals(node.path("@odata.type").asText())) {
                    notInMetadata.add(where + ": @odata.type " + node.path("@odata.type"));
                }
                require(type, "extensionName", where);
                if (!node.has("extensionName")) {
                    notInMetadata.add(where + ": no extensionName");
                }
                return;
            }
            node.fieldNames().forEachRemaining(field -> {
                if (field.startsWith("@odata.")) {
                    return;
                }
                String propertyType = require(type, field, where);
                if (propertyType != null && metadata.declares(propertyType)) {
                    body(propertyType, node.get(field), where + " " + field);
                }
            });
        }

        /** The property's type (element type for a collection), or null (recorded) when the type does not declare it. */
        private String require(String type, String property, String where) {
            String propertyType = metadata.propertyType(type, property);
            if (propertyType == null) {
                notInMetadata.add(where + ": " + type + "." + property);
            }
            return propertyType;
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> query = new HashMap<>();
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return query;
        }

        private static JsonNode readJson(String body) {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("a request body that is not JSON: " + body, e);
            }
        }
    }

    /** The checked-in subset: each type's properties (with its base types'), and what users/delta does not track. */
    record Metadata(Map<String, Map<String, String>> ownProperties, Map<String, String> baseTypes, Set<String> notTracked) {

        static Metadata parse(InputStream in) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(in);
            Map<String, Map<String, String>> properties = new LinkedHashMap<>();
            Map<String, String> bases = new HashMap<>();
            for (String kind : List.of("EntityType", "ComplexType")) {
                NodeList types = document.getElementsByTagName(kind);
                for (int i = 0; i < types.getLength(); i++) {
                    Element type = (Element) types.item(i);
                    Map<String, String> own = new LinkedHashMap<>();
                    for (String child : List.of("Property", "NavigationProperty")) {
                        NodeList declared = type.getElementsByTagName(child);
                        for (int j = 0; j < declared.getLength(); j++) {
                            Element p = (Element) declared.item(j);
                            own.put(p.getAttribute("Name"), p.getAttribute("Type"));
                        }
                    }
                    properties.put(type.getAttribute("Name"), own);
                    if (!type.getAttribute("BaseType").isEmpty()) {
                        bases.put(type.getAttribute("Name"), unqualified(type.getAttribute("BaseType")));
                    }
                }
            }
            Set<String> notTracked = new LinkedHashSet<>();
            NodeList delta = document.getElementsByTagName("NotTracked");
            for (int i = 0; i < delta.getLength(); i++) {
                notTracked.add(((Element) delta.item(i)).getAttribute("Name"));
            }
            return new Metadata(properties, bases, notTracked);
        }

        boolean declares(String type) {
            return ownProperties.containsKey(type);
        }

        /** The property's type without namespace and collection, or null when neither the type nor a base type declares it. */
        String propertyType(String type, String property) {
            for (String t = type; t != null; t = baseTypes.get(t)) {
                String declared = ownProperties.getOrDefault(t, Map.of()).get(property);
                if (declared != null) {
                    return unqualified(declared.replaceAll("^Collection\\((.*)\\)$", "$1"));
                }
            }
            return null;
        }

        /** Only structural user properties are in the subset, so "tracked" is: declared there and not listed as not tracked. */
        boolean notTrackedByDelta(String property) {
            return notTracked.contains(property) || propertyType("user", property) == null;
        }

        private static String unqualified(String name) {
            return name.startsWith("graph.") ? name.substring("graph.".length()) : name;
        }
    }

    @Test
    void theFilterParserFindsPropertiesNotLiteralsOrLambdaVariables() {
        assertThat(Audit.filteredProperties("mail eq 'x eq y' or otherMails/any(x:x eq 'a@b.c') or proxyAddresses/any(p:p eq 'smtp:o''eq z')"))
                .containsExactly("mail", "otherMails", "proxyAddresses");
        assertThat(Audit.filteredProperties("id eq '1' or id eq '2' and startsWith(displayName,'J')")).containsExactly("id", "displayName");
    }
}
