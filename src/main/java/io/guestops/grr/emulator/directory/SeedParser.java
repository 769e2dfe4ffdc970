package io.guestops.grr.emulator.directory;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads seed YAML through SnakeYAML's node tree (not its object binding) so that every error can
 * name the line (from the node's {@link Mark}) and the field path, e.g.
 * {@code seed line 14: users[1].externalUserStateChangeDateTime: not an ISO-8601 instant: 'yesterday'}.
 */
final class SeedParser {
    private static final Set<String> TOP = Set.of("tenants", "applications", "users", "roleAssignments", "groups");
    private static final Set<String> TENANT = Set.of("id", "defaultDomain", "size", "userCount", "domains");
    private static final Set<String> DOMAIN = Set.of("id", "isVerified");
    private static final Set<String> GROUP = Set.of("id", "tenantId", "displayName", "members");
    private static final java.util.regex.Pattern GUID =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> APPLICATION = Set.of("clientId", "tenantId", "displayName", "secrets",
            "certificates", "federatedCredentials", "applicationPermissions");
    private static final Set<String> FEDERATED = Set.of("issuer", "subject", "audience");
    private static final Set<String> USER = Set.of("id", "tenantId", "displayName", "givenName", "surname",
            "userPrincipalName", "mail", "otherMails", "proxyAddresses", "userType", "creationType",
            "externalUserState", "externalUserStateChangeDateTime", "identities", "jobTitle", "mobilePhone",
            "officeLocation", "preferredLanguage", "businessPhones", "accountEnabled", "createdDateTime");
    private static final Set<String> IDENTITY = Set.of("signInType", "issuer", "issuerAssignedId");
    private static final Set<String> ROLE = Set.of("id", "tenantId", "principalId", "roleDefinitionId", "directoryScopeId");

    Seed parse(String yaml) {
        Node root = compose(yaml);
        if (root == null) {
            throw new SeedException("seed is empty: expected a mapping with tenants, applications, users, roleAssignments");
        }
        Fields top = new Fields(root, "", TOP);
        List<Tenant> tenants = top.list("tenants", this::tenant);
        if (tenants.isEmpty()) {
            throw new SeedException("seed line " + line(root) + ": tenants: at least one tenant is required");
        }
        Map<String, Tenant> tenantsById = new LinkedHashMap<>();
        for (Fields t : top.items("tenants")) {
            Tenant tenant = tenant(t);
            if (tenantsById.put(tenant.id().toLowerCase(Locale.ROOT), tenant) != null) {
                throw t.error("id", "duplicate tenant id '" + tenant.id() + "'");
            }
        }
        String onlyTenant = tenants.size() == 1 ? tenants.get(0).id() : null;
        List<Application> applications = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        for (Fields a : top.items("applications")) {
            Application app = application(a, onlyTenant, tenantsById);
            if (!clientIds.add(app.clientId().toLowerCase(Locale.ROOT))) {
                throw a.error("clientId", "duplicate application clientId '" + app.clientId() + "'");
            }
            applications.add(app);
        }
        List<DirectoryUser> users = new ArrayList<>();
        Set<String> userIds = new HashSet<>();
        for (Fields u : top.items("users")) {
            DirectoryUser user = user(u, onlyTenant, tenantsById);
            if (!userIds.add(user.id().toLowerCase(Locale.ROOT))) {
                throw u.error("id", "duplicate user id '" + user.id() + "'");
            }
            users.add(user);
        }
        List<DirectoryRoleAssignment> roles = new ArrayList<>();
        for (Fields r : top.items("roleAssignments")) {
            roles.add(role(r, onlyTenant, tenantsById));
        }
        List<Group> groups = groups(top, onlyTenant, tenantsById, users);
        List<Tenant> sized = new ArrayList<>();
        for (Tenant t : tenantsById.values()) {
            long seeded = users.stream().filter(u -> u.tenantId().equalsIgnoreCase(t.id())).count();
            sized.add(t.userCount() != null ? t : t.withUserCount((int) seeded));
        }
        return new Seed(sized, applications, users, roles, groups);
    }

    private static Node compose(String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " line " + (mark.getLine() + 1) + " column " + (mark.getColumn() + 1);
            throw new SeedException("seed" + where + ": malformed YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new SeedException("seed: malformed YAML: " + e.getMessage());
        }
    }

    private Tenant tenant(Fields t) {
        String id = t.required("id");
        String domain = t.required("defaultDomain");
        Integer count = t.integer("userCount");
        String size = t.optional("size");
        if (size != null) {
            if (count != null) {
                throw t.error("size", "give either size or userCount, not both");
            }
            count = switch (size.toLowerCase(Locale.ROOT)) {
                case "small" -> 10;
                case "medium" -> 100;
                case "large" -> 1000;
                default -> throw t.error("size", "expected small (<50 users), medium (50-500) or large (>500), got '" + size + "'");
            };
        }
        return new Tenant(id, domain, count, domains(t, domain));
    }

    /**
     * The tenant's domains. Without a list: the initial domain (the default domain when it is an
     * onmicrosoft.com one, else {@code <first label>.onmicrosoft.com}) plus the default domain, both
     * verified. A listed set must hold exactly one verified onmicrosoft.com domain and the default domain.
     */
    private static List<Domain> domains(Fields t, String defaultDomain) {
        if (!t.has("domains")) {
            String initial = Domain.isInitialName(defaultDomain) ? defaultDomain
                    : defaultDomain.split("\\.")[0] + Domain.INITIAL_SUFFIX;
            List<Domain> domains = new ArrayList<>(List.of(new Domain(initial, true, initial.equalsIgnoreCase(defaultDomain), true)));
            if (!initial.equalsIgnoreCase(defaultDomain)) {
                domains.add(new Domain(defaultDomain, true, true, false));
            }
            return domains;
        }
        List<Domain> domains = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Fields d : t.items("domains")) {
            String name = d.required("id");
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw d.error("id", "duplicate domain '" + name + "'");
            }
            Boolean verified = d.bool("isVerified");
            boolean initial = Domain.isInitialName(name);
            if (initial && Boolean.FALSE.equals(verified)) {
                throw d.error("isVerified", "the initial " + Domain.INITIAL_SUFFIX + " domain is always verified");
            }
            domains.add(new Domain(name, verified == null || verified, name.equalsIgnoreCase(defaultDomain), initial));
        }
        if (domains.stream().filter(Domain::initial).count() != 1) {
            throw t.error("domains", "expected exactly one initial <name>" + Domain.INITIAL_SUFFIX + " domain");
        }
        if (domains.stream().noneMatch(d -> d.isDefault() && d.verified())) {
            throw t.error("defaultDomain", "'" + defaultDomain + "' is not one of the tenant's verified domains");
        }
        return domains;
    }

    /** Groups with GUID ids whose members are users or groups of the same tenant. */
    private List<Group> groups(Fields top, String onlyTenant, Map<String, Tenant> tenants, List<DirectoryUser> users) {
        List<Fields> items = top.items("groups");
        Map<String, String> tenantOfObject = new LinkedHashMap<>();
        users.forEach(u -> tenantOfObject.put(u.id().toLowerCase(Locale.ROOT), u.tenantId()));
        List<String> ids = new ArrayList<>();
        for (Fields g : items) {
            String id = g.required("id");
            if (!GUID.matcher(id).matches()) {
                throw g.error("id", "a group id is a GUID, got '" + id + "'");
            }
            if (tenantOfObject.put(id.toLowerCase(Locale.ROOT), tenantOf(g, onlyTenant, tenants)) != null) {
                throw g.error("id", "duplicate object id '" + id + "'");
            }
            ids.add(id);
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Fields g = items.get(i);
            String tenantId = tenantOf(g, onlyTenant, tenants);
            List<String> members = new ArrayList<>();
            for (Fields.Scalar member : g.scalars("members")) {
                String memberTenant = tenantOfObject.get(member.value().toLowerCase(Locale.ROOT));
                if (memberTenant == null || !memberTenant.equalsIgnoreCase(tenantId)) {
                    throw new SeedException("seed line " + member.line() + ": " + g.path + "members[" + members.size()
                            + "]: no user or group with id '" + member.value() + "' in tenant '" + tenantId + "'");
                }
                members.add(member.value());
            }
            groups.add(new Group(ids.get(i), tenantId, g.optional("displayName"), members));
        }
        return groups;
    }

    private Application application(Fields a, String onlyTenant, Map<String, Tenant> tenants) {
        String clientId = a.required("clientId");
        String tenantId = tenantOf(a, onlyTenant, tenants);
        List<X509Certificate> certificates = new ArrayList<>();
        List<Fields.Scalar> pems = a.scalars("certificates");
        for (int i = 0; i < pems.size(); i++) {
            certificates.add(certificate(pems.get(i), a.path + "certificates[" + i + "]"));
        }
        List<FederatedCredential> federated = new ArrayList<>();
        for (Fields f : a.items("federatedCredentials")) {
            String audience = f.optional("audience");
            federated.add(new FederatedCredential(f.required("issuer"), f.required("subject"),
                    audience == null ? FederatedCredential.DEFAULT_AUDIENCE : audience));
        }
        Set<String> permissions = new LinkedHashSet<>();
        a.scalars("applicationPermissions").forEach(s -> permissions.add(s.value()));
        List<String> secrets = a.scalars("secrets").stream().map(Fields.Scalar::value).toList();
        return new Application(clientId, tenantId, a.optional("displayName"), secrets, certificates, federated, permissions);
    }

    private static X509Certificate certificate(Fields.Scalar pem, String path) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.value().trim().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new SeedException("seed line " + pem.line() + ": " + path + ": not a PEM X.509 certificate");
        }
    }

    private DirectoryUser user(Fields u, String onlyTenant, Map<String, Tenant> tenants) {
        String id = u.required("id");
        String tenantId = tenantOf(u, onlyTenant, tenants);
        String userType = u.optional("userType");
        if (userType == null) {
            userType = "Member";
        } else if (!userType.equals("Member") && !userType.equals("Guest")) {
            throw u.error("userType", "expected Member or Guest, got '" + userType + "'");
        }
        String state = u.optional("externalUserState");
        if (state != null && !Set.of("PendingAcceptance", "Accepted").contains(state)) {
            throw u.error("externalUserState", "expected PendingAcceptance or Accepted, got '" + state + "'");
        }
        String mail = u.optional("mail");
        List<String> proxies = u.has("proxyAddresses") ? u.strings("proxyAddresses")
                : mail == null ? List.of() : List.of("SMTP:" + mail);
        requirePrimaryProxyIsMail(u, mail, proxies);
        List<Identity> identities = new ArrayList<>();
        for (Fields i : u.items("identities")) {
            identities.add(new Identity(i.required("signInType"), i.required("issuer"), i.optional("issuerAssignedId")));
        }
        String upn = u.optional("userPrincipalName");
        if (upn == null) {
            String domain = tenants.get(tenantId.toLowerCase(Locale.ROOT)).defaultDomain();
            // Entra names an invited guest after its address: john_contoso.com#EXT#@fabrikam.onmicrosoft.com
            upn = userType.equals("Guest") && mail != null ? DirectoryUser.guestUserPrincipalName(mail, domain) : id + "@" + domain;
        }
        List<String> otherMails = u.strings("otherMails");
        if (otherMails.size() > 250) {
            throw u.error("otherMails", "at most 250 values are allowed, got " + otherMails.size());
        }
        Boolean enabled = u.bool("accountEnabled");
        return new DirectoryUser(id, tenantId, u.optional("displayName"), u.optional("givenName"), u.optional("surname"),
                upn, mail, otherMails, proxies, userType, u.optional("creationType"), state,
                u.instant("externalUserStateChangeDateTime"), identities, u.optional("jobTitle"), u.optional("mobilePhone"),
                u.optional("officeLocation"), u.optional("preferredLanguage"), u.strings("businessPhones"),
                enabled == null ? Boolean.TRUE : enabled, u.instant("createdDateTime"));
    }

    /** Entra keeps {@code mail} as the one primary ({@code SMTP:}) proxy address; a seed must agree. */
    private static void requirePrimaryProxyIsMail(Fields u, String mail, List<String> proxies) {
        List<String> primaries = proxies.stream().filter(p -> p.startsWith("SMTP:")).toList();
        boolean consistent = mail == null ? primaries.isEmpty()
                : primaries.size() == 1 && primaries.get(0).substring(5).equalsIgnoreCase(mail);
        if (!consistent) {
            throw u.error("proxyAddresses", mail == null
                    ? "a user without mail has no primary SMTP: address"
                    : "must hold exactly one primary address, SMTP:" + mail + " (the mail), got " + proxies);
        }
    }

    private DirectoryRoleAssignment role(Fields r, String onlyTenant, Map<String, Tenant> tenants) {
        String id = r.optional("id");
        String principal = r.required("principalId");
        String roleDefinition = r.required("roleDefinitionId");
        String scope = r.optional("directoryScopeId");
        return new DirectoryRoleAssignment(id == null ? principal + "_" + roleDefinition : id, tenantOf(r, onlyTenant, tenants),
                principal, roleDefinition, scope == null ? "/" : scope);
    }

    private static String tenantOf(Fields f, String onlyTenant, Map<String, Tenant> tenants) {
        String tenantId = f.optional("tenantId");
        if (tenantId == null) {
            if (onlyTenant == null) {
                throw f.error("tenantId", "required when the seed has more than one tenant");
            }
            return onlyTenant;
        }
        Tenant tenant = tenants.get(tenantId.toLowerCase(Locale.ROOT));
        if (tenant == null) {
            throw f.error("tenantId", "no tenant with id '" + tenantId + "' in tenants");
        }
        return tenant.id();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** A YAML mapping with the field path that leads to it, reading values with line-aware errors. */
    private static final class Fields {
        record Scalar(String value, int line) {
        }

        private final Node node;
        private final String path;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        Fields(Node node, String path, Set<String> allowed) {
            this.node = node;
            this.path = path;
            if (!(node instanceof MappingNode mapping)) {
                throw new SeedException("seed line " + line(node) + ": " + describe(path) + ": expected a mapping");
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null || !allowed.contains(key)) {
                    throw new SeedException("seed line " + line(tuple.getKeyNode()) + ": " + path + (key == null ? "?" : key)
                            + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                entries.put(key, tuple);
            }
        }

        private static String describe(String path) {
            return path.isEmpty() ? "seed root" : path.substring(0, path.length() - 1);
        }

        SeedException error(String field, String message) {
            NodeTuple tuple = entries.get(field);
            int line = tuple == null ? SeedParser.line(node) : SeedParser.line(tuple.getValueNode());
            return new SeedException("seed line " + line + ": " + path + field + ": " + message);
        }

        boolean has(String field) {
            return entries.containsKey(field);
        }

        String optional(String field) {
            NodeTuple tuple = entries.get(field);
            if (tuple == null) {
                return null;
            }
            if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
                throw error(field, "expected a single value");
            }
            String value = scalar.getValue();
            return value.isEmpty() || value.equals("~") || value.equals("null") ? null : value;
        }

        String required(String field) {
            String value = optional(field);
            if (value == null || value.isBlank()) {
                throw error(field, "is required");
            }
            return value;
        }

        Integer integer(String field) {
            String value = optional(field);
            try {
                return value == null ? null : Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw error(field, "expected a whole number, got '" + value + "'");
            }
        }

        Boolean bool(String field) {
            String value = optional(field);
            if (value == null) {
                return null;
            }
            if (!value.equals("true") && !value.equals("false")) {
                throw error(field, "expected true or false, got '" + value + "'");
            }
            return Boolean.valueOf(value);
        }

        Instant instant(String field) {
            String value = optional(field);
            try {
                return value == null ? null : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw error(field, "not an ISO-8601 instant such as 2024-05-01T10:00:00Z: '" + value + "'");
            }
        }

        private List<Node> sequence(String field) {
            NodeTuple tuple = entries.get(field);
            if (tuple == null || (tuple.getValueNode() instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null")))) {
                return List.of();
            }
            if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
                throw error(field, "expected a list");
            }
            return seq.getValue();
        }

        List<Scalar> scalars(String field) {
            List<Scalar> result = new ArrayList<>();
            List<Node> items = sequence(field);
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ScalarNode scalar)) {
                    throw new SeedException("seed line " + SeedParser.line(items.get(i)) + ": " + path + field + "[" + i + "]: expected a single value");
                }
                result.add(new Scalar(scalar.getValue(), SeedParser.line(scalar)));
            }
            return result;
        }

        List<String> strings(String field) {
            return scalars(field).stream().map(Scalar::value).toList();
        }

        List<Fields> items(String field) {
            List<Fields> result = new ArrayList<>();
            List<Node> items = sequence(field);
            Set<String> allowed = switch (field) {
                case "tenants" -> TENANT;
                case "applications" -> APPLICATION;
                case "federatedCredentials" -> FEDERATED;
                case "users" -> USER;
                case "identities" -> IDENTITY;
                case "roleAssignments" -> ROLE;
                case "domains" -> DOMAIN;
                case "groups" -> GROUP;
                default -> throw new IllegalArgumentException(field);
            };
            for (int i = 0; i < items.size(); i++) {
                result.add(new Fields(items.get(i), path + field + "[" + i + "].", allowed));
            }
            return result;
        }

        <T> List<T> list(String field, Function<Fields, T> reader) {
            return items(field).stream().map(reader).toList();
        }
    }
}
