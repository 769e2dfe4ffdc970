package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The resources of the scale chaos run, spread over three tenants, and the Graph directory they name.
 * Tenant a goes through the operator's default connection, b and c through a connection Secret in
 * their namespaces; c's policy has a blast-radius limit far below its size, so its resets are held
 * to the limit window after window. In every tenant, among the good resources (every tenth, in turn): a member,
 * an invalid spec the schema lets through, one the schema refuses, a missing user, a role holder, an
 * address another user holds, a second resource on the guest before it, a desired domain the policy
 * denies, and a fight (two resources created together in two namespaces for one guest).
 */
final class ScaleChaosPlan {

    static final String SECRET = "emulator-only-chaos-secret";
    /** The label the policies select a tenant's namespaces by. */
    static final String TENANT_LABEL = "chaos-tenant";
    private static final String ROLE_HELPDESK_ADMIN = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    private static final Instant ACCEPTED = Instant.parse("2025-02-01T00:00:00Z");

    /**
     * @param letter       a, b or c: in ids, domains and namespace names
     * @param secretName   the connection Secret the resources name, or null for the operator's default connection
     * @param resetLimit   the policy's maxResetsPerHour (per the run's reset-limit window)
     */
    record ChaosTenant(char letter, String tenantId, String appId, String secretName, int resetLimit) {
        String namespace() {
            return "chaos-" + letter;
        }

        /** Where the second resource of each fight lives. */
        String rivalNamespace() {
            return "chaos-" + letter + "-rival";
        }

        String policyYaml() {
            String connections = secretName == null ? "{operatorDefault: true}" : "{secretNames: [" + secretName + "]}";
            return """
                    namespaceSelector: {matchLabels: {%s: "%s"}}
                    guests: {mailDomains: [%s-old.example]}
                    desiredEmailDomains: {allowed: [%s-new.example, %s-taken.example], denied: [blocked.example]}
                    connections: %s
                    maxResetsPerHour: %d
                    """.formatted(TENANT_LABEL, letter, letter, letter, letter, connections, resetLimit);
        }
    }

    /** One resource of the plan and what it must end as. */
    record Planned(ChaosTenant tenant, String namespace, String name, String userId, PlantedCase kind, String desiredEmail,
                   GuestReference guest) {

        GuestRedemptionReset manifest() {
            GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
            spec.setGuest(guest);
            spec.setDesiredEmail(desiredEmail);
            if (tenant.secretName() != null) {
                ConnectionSpec connection = new ConnectionSpec();
                connection.setSecretName(tenant.secretName());
                spec.setConnection(connection);
            }
            GuestRedemptionReset resource = new GuestRedemptionReset();
            resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
            resource.setSpec(spec);
            return resource;
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    final List<ChaosTenant> tenants;
    final List<Planned> resources = new ArrayList<>();

    private ScaleChaosPlan(List<ChaosTenant> tenants) {
        this.tenants = tenants;
    }

    /**
     * About {@code size} resources in three tenants.
     *
     * @param limitedShare tenant c's policy admits this share of its good resources per limit window
     */
    static ScaleChaosPlan of(int size, double limitedShare) {
        int perTenant = Math.max(20, size / 3);
        int limit = Math.max(5, (int) Math.ceil(perTenant * 0.8 * limitedShare));
        ScaleChaosPlan plan = new ScaleChaosPlan(List.of(
                new ChaosTenant('a', tenantId('a'), appId('a'), null, 10_000),
                new ChaosTenant('b', tenantId('b'), appId('b'), "tenant-b", 10_000),
                new ChaosTenant('c', tenantId('c'), appId('c'), "tenant-c", limit)));
        plan.tenants.forEach(t -> plan.plant(t, perTenant));
        return plan;
    }

    private void plant(ChaosTenant tenant, int count) {
        PlantedCase[] bad = {PlantedCase.MEMBER, PlantedCase.INVALID_SPEC, PlantedCase.SCHEMA_REFUSED, PlantedCase.MISSING_USER,
                PlantedCase.ROLE_HOLDER, PlantedCase.ADDRESS_OWNED, PlantedCase.CONFLICT};
        char t = tenant.letter();
        List<Planned> mine = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // each tenant starts the bad cases at another place, so even a small run plants every kind
            PlantedCase kind = i % 10 == 7 ? bad[(i / 10 + 5 * (t - 'a')) % bad.length]
                    : i % 20 == 13 ? PlantedCase.POLICY_DENIED
                    : i % 20 == 4 ? PlantedCase.FIGHT
                    : PlantedCase.GOOD;
            String name = String.format(Locale.ROOT, "chaos-%c-%04d", t, i);
            String userId = userId(t, i);
            String desired = name + "@" + t + "-new.example";
            // by object id and by mail in turn; the two sides of a fight and a conflict name the guest by id
            GuestReference guest = i % 2 == 0 || kind == PlantedCase.FIGHT
                    ? new GuestReference(userId, null) : new GuestReference(null, name + "@" + t + "-old.example");
            String ns = tenant.namespace();
            switch (kind) {
                case INVALID_SPEC -> mine.add(new Planned(tenant, ns, name, userId, kind, "x".repeat(65) + "@" + t + "-new.example", guest));
                case SCHEMA_REFUSED -> mine.add(new Planned(tenant, ns, name, userId, kind, "not-an-email", guest));
                case MISSING_USER -> mine.add(new Planned(tenant, ns, name, null, kind, desired,
                        new GuestReference(null, name + "@nobody.example")));
                case ADDRESS_OWNED -> mine.add(new Planned(tenant, ns, name, userId, kind, name + "@" + t + "-taken.example", guest));
                case POLICY_DENIED -> mine.add(new Planned(tenant, ns, name, userId, kind, name + "@blocked.example", guest));
                case CONFLICT -> {
                    String ownersGuest = mine.get(mine.size() - 1).userId();
                    mine.add(new Planned(tenant, ns, name, ownersGuest, kind, desired, new GuestReference(ownersGuest, null)));
                }
                case FIGHT -> {
                    mine.add(new Planned(tenant, ns, name, userId, kind, desired, guest));
                    mine.add(new Planned(tenant, tenant.rivalNamespace(), name + "-rival", userId, kind,
                            name + "-rival@" + t + "-new.example", guest));
                }
                default -> mine.add(new Planned(tenant, ns, name, userId, kind, desired, guest));
            }
        }
        resources.addAll(mine);
    }

    /** The three tenants, their applications (a's first: the operator's default connection), guests and role holders. */
    Seed seed() {
        StringBuilder yaml = new StringBuilder("tenants:\n");
        tenants.forEach(t -> yaml.append("  - id: ").append(t.tenantId()).append("\n    defaultDomain: ").append(t.letter())
                .append("host.onmicrosoft.com\n    domains:\n      - id: ").append(t.letter()).append("host.onmicrosoft.com\n"));
        yaml.append("applications:\n");
        tenants.forEach(t -> yaml.append("  - clientId: ").append(t.appId()).append("\n    tenantId: ").append(t.tenantId())
                .append("\n    secrets: [").append(SECRET).append("]\n    applicationPermissions: [User.ReadWrite.All, ")
                .append("RoleManagement.Read.Directory, GroupMember.Read.All, Domain.Read.All]\n"));
        Seed base = Seed.parse(yaml.toString());
        List<DirectoryUser> users = new ArrayList<>();
        List<DirectoryRoleAssignment> roles = new ArrayList<>();
        for (Planned p : resources) {
            if (p.kind() == PlantedCase.MISSING_USER || p.kind() == PlantedCase.CONFLICT || p.name().endsWith("-rival")) {
                continue; // no such user; or a guest another resource of the plan names first
            }
            String tenantId = p.tenant().tenantId();
            char t = p.tenant().letter();
            if (p.kind() == PlantedCase.ADDRESS_OWNED) {
                String taken = p.desiredEmail();
                users.add(guest(p.userId().replace("-8000-", "-9000-"), tenantId, "holder of " + taken,
                        taken.replace("@", "_") + "#EXT#@" + t + "host.onmicrosoft.com", taken));
            }
            String mail = p.name() + "@" + t + "-old.example";
            if (p.kind() == PlantedCase.MEMBER) {
                users.add(new DirectoryUser(p.userId(), tenantId, p.name(), null, null, p.name() + "@" + t + "host.onmicrosoft.com",
                        mail, List.of(), List.of("SMTP:" + mail), "Member", null, null, null, List.of(), null, null, null, null,
                        List.of(), true, ACCEPTED));
            } else {
                users.add(guest(p.userId(), tenantId, p.name(), p.name() + "_" + t + "-old.example#EXT#@" + t + "host.onmicrosoft.com", mail));
            }
            if (p.kind() == PlantedCase.ROLE_HOLDER) {
                roles.add(new DirectoryRoleAssignment("role-" + p.name(), tenantId, p.userId(), ROLE_HELPDESK_ADMIN, "/"));
            }
        }
        return new Seed(base.tenants(), base.applications(), users, roles);
    }

    private static DirectoryUser guest(String id, String tenantId, String displayName, String upn, String mail) {
        return new DirectoryUser(id, tenantId, displayName, null, null, upn, mail, List.of(), List.of("SMTP:" + mail), "Guest",
                "Invitation", "Accepted", ACCEPTED, List.of(), null, null, null, null, List.of(), true, ACCEPTED);
    }

    /** The resources the API server must hold (all but those its schema refuses). */
    List<Planned> admitted() {
        return resources.stream().filter(p -> p.kind() != PlantedCase.SCHEMA_REFUSED).toList();
    }

    private static String tenantId(char t) {
        return String.valueOf(t).repeat(8) + "-0000-4000-8000-00000000000" + t;
    }

    private static String appId(char t) {
        return String.valueOf(t).repeat(8) + "-1111-4000-8000-00000000000" + t;
    }

    private static String userId(char t, int i) {
        return String.format(Locale.ROOT, "%s-2222-4000-8000-%012d", String.valueOf(t).repeat(8), i);
    }
}
