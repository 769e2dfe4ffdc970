package io.guestops.grr.emulator.directory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator's mutable state. Every method is synchronized on this object; handlers that must
 * check and then change (e.g. the proxyAddresses uniqueness check before a mail change) hold the
 * same monitor around both steps.
 *
 * <p>Every change of a user takes the next value of a change sequence; delta links are that
 * sequence number, which is how {@code /users/delta} finds "changed since".
 */
public final class Directory implements DirectoryView {
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Map<String, DirectoryUser> users = new LinkedHashMap<>();
    private final Map<String, Long> userChangeSeq = new LinkedHashMap<>();
    private final Map<String, Removed> removed = new LinkedHashMap<>();
    private final List<DirectoryRoleAssignment> roleAssignments = new ArrayList<>();
    private final List<InvitationRecord> invitations = new ArrayList<>();
    private final Map<String, String> redeemUrls = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, EmailsSeenByInvitations> lagging = new LinkedHashMap<>();
    private final StaleReplicas staleReplicas = new StaleReplicas();
    /** Open extensions by user key, then by extension name (case-insensitive, like ids). */
    private final Map<String, Map<String, OpenExtension>> extensions = new LinkedHashMap<>();
    private long changeSeq;

    /** The mail/otherMails the invitation service still sees while a change replicates. */
    public record EmailsSeenByInvitations(String mail, List<String> otherMails, java.time.Instant until) {
    }

    /** A user that no longer exists, kept so delta queries can report its removal. */
    public record Removed(String id, String tenantId, long seq) {
    }

    public Directory(Seed seed) {
        replace(seed);
    }

    /** Replaces the whole state; users that disappear are reported as removed by later delta queries. */
    public synchronized void replace(Seed seed) {
        Map<String, DirectoryUser> previous = new LinkedHashMap<>(users);
        tenants.clear();
        applications.clear();
        users.clear();
        userChangeSeq.clear();
        roleAssignments.clear();
        invitations.clear();
        redeemUrls.clear();
        groups.clear();
        lagging.clear();
        staleReplicas.clear();
        extensions.clear();
        seed.tenants().forEach(t -> tenants.put(key(t.id()), t));
        seed.applications().forEach(a -> applications.put(key(a.clientId()), a));
        seed.users().forEach(this::put);
        previous.values().stream().filter(u -> !users.containsKey(key(u.id())))
                .forEach(u -> removed.put(key(u.id()), new Removed(u.id(), u.tenantId(), ++changeSeq)));
        roleAssignments.addAll(seed.roleAssignments());
        seed.groups().forEach(g -> groups.put(key(g.id()), g));
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    public synchronized Optional<Tenant> tenant(String idOrDomain) {
        if (idOrDomain == null) {
            return Optional.empty();
        }
        Tenant byId = tenants.get(key(idOrDomain));
        if (byId != null) {
            return Optional.of(byId);
        }
        return tenants.values().stream().filter(t -> t.defaultDomain().equalsIgnoreCase(idOrDomain)).findFirst();
    }

    public synchronized Optional<Application> application(String clientId) {
        return Optional.ofNullable(clientId == null ? null : applications.get(key(clientId)));
    }

    @Override
    public synchronized Optional<DirectoryUser> user(String id) {
        return Optional.ofNullable(id == null ? null : users.get(key(id)));
    }

    public synchronized Optional<DirectoryUser> user(String tenantId, String id) {
        return user(id).filter(u -> u.tenantId().equalsIgnoreCase(tenantId));
    }

    public synchronized List<DirectoryUser> users(String tenantId) {
        return users.values().stream().filter(u -> u.tenantId().equalsIgnoreCase(tenantId)).toList();
    }

    /** Adds or replaces a user and marks it changed. */
    public synchronized void put(DirectoryUser user) {
        users.put(key(user.id()), user);
        userChangeSeq.put(key(user.id()), ++changeSeq);
        removed.remove(key(user.id()));
    }

    /** An admin assigning a directory role after the seed (a guest that becomes a role holder once settled). */
    public synchronized void assignRole(DirectoryRoleAssignment assignment) {
        roleAssignments.add(assignment);
    }

    /**
     * Simulates the guest redeeming the invitation with {@code email}: externalUserState Accepted,
     * a change time strictly after the previous one, and a federated identity at the email's domain.
     */
    public synchronized Optional<DirectoryUser> redeem(String userId, String email, java.time.Instant now) {
        return user(userId).map(user -> {
            String address = email != null ? email : user.mail();
            java.time.Instant previous = user.externalUserStateChangeDateTime();
            java.time.Instant at = previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
            String domain = address == null ? "unknown" : address.substring(address.indexOf('@') + 1);
            DirectoryUser redeemed = user.withExternalState(user.creationType(), "Accepted", at,
                    List.of(new Identity("federated", domain, address)));
            put(redeemed);
            return redeemed;
        });
    }

    public synchronized boolean remove(String id) {
        DirectoryUser gone = users.remove(key(id));
        if (gone == null) {
            return false;
        }
        userChangeSeq.remove(key(id));
        extensions.remove(key(id));
        removed.put(key(id), new Removed(gone.id(), gone.tenantId(), ++changeSeq));
        return true;
    }

    /** Another user of the tenant whose mail or proxyAddresses already hold this SMTP address. */
    public synchronized Optional<DirectoryUser> addressOwner(String tenantId, String address, String exceptUserId) {
        return users(tenantId).stream()
                .filter(u -> !u.id().equalsIgnoreCase(exceptUserId))
                .filter(u -> address.equalsIgnoreCase(u.mail())
                        || u.proxyAddresses().stream().anyMatch(p -> p.equalsIgnoreCase("smtp:" + address)))
                .findFirst();
    }

    /**
     * Remembers the addresses a user had before a change, to be seen by invitations until
     * {@code until}. Successive changes keep the oldest addresses and extend the window.
     */
    public synchronized void lagEmails(DirectoryUser before, java.time.Instant until) {
        lagging.merge(key(before.id()), new EmailsSeenByInvitations(before.mail(), before.otherMails(), until),
                (old, fresh) -> new EmailsSeenByInvitations(old.mail(), old.otherMails(), fresh.until()));
    }

    /** Reads of the user show {@code before}'s addresses until {@code until} (see {@link StaleReplicas}). */
    public synchronized void lagReads(DirectoryUser before, java.time.Instant now, java.time.Instant until) {
        staleReplicas.remember(before, now, until);
    }

    /** The user as a read from a replica sees it now: before a recent PATCH of its addresses while that replicates. */
    public synchronized DirectoryUser asReplicaSees(DirectoryUser user, java.time.Instant now) {
        return staleReplicas.asSeen(user, now);
    }

    public synchronized Optional<EmailsSeenByInvitations> laggingEmails(String userId, java.time.Instant now) {
        EmailsSeenByInvitations seen = lagging.get(key(userId));
        return seen != null && now.isBefore(seen.until()) ? Optional.of(seen) : Optional.empty();
    }

    public synchronized long currentChangeSeq() {
        return changeSeq;
    }

    public synchronized long changeSeqOf(String userId) {
        return userChangeSeq.getOrDefault(key(userId), 0L);
    }

    public synchronized List<Removed> removedSince(String tenantId, long seq) {
        return removed.values().stream().filter(r -> r.tenantId().equalsIgnoreCase(tenantId) && r.seq() > seq).toList();
    }

    public synchronized List<DirectoryRoleAssignment> roleAssignments(String tenantId) {
        return roleAssignments.stream().filter(r -> r.tenantId().equalsIgnoreCase(tenantId)).toList();
    }

    /**
     * The groups of the tenant that contain {@code objectId} directly or through nested groups
     * (transitive, as checkMemberGroups answers). Cycles in the nesting are followed once.
     */
    public synchronized Set<String> transitiveGroupsOf(String tenantId, String objectId) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> members = new ArrayDeque<>(List.of(key(objectId)));
        while (!members.isEmpty()) {
            String member = members.pop();
            for (Group group : groups.values()) {
                boolean contains = group.tenantId().equalsIgnoreCase(tenantId)
                        && group.memberIds().stream().anyMatch(m -> key(m).equals(member));
                if (contains && found.add(group.id())) {
                    members.push(key(group.id()));
                }
            }
        }
        return found;
    }

    @Override
    public synchronized List<OpenExtension> extensionsOf(String userId) {
        return List.copyOf(extensions.getOrDefault(key(userId), Map.of()).values());
    }

    public synchronized Optional<OpenExtension> extension(String userId, String name) {
        return Optional.ofNullable(extensions.getOrDefault(key(userId), Map.of()).get(key(name)));
    }

    /**
     * Adds or replaces an open extension. Extension writes do not mark the user changed: whether
     * Graph reports them in /users/delta is not documented (emulator's choice).
     */
    public synchronized void putExtension(String userId, OpenExtension extension) {
        extensions.computeIfAbsent(key(userId), k -> new LinkedHashMap<>()).put(key(extension.name()), extension);
    }

    public synchronized boolean removeExtension(String userId, String name) {
        Map<String, OpenExtension> ofUser = extensions.get(key(userId));
        return ofUser != null && ofUser.remove(key(name)) != null;
    }

    public synchronized void recordInvitation(InvitationRecord invitation) {
        invitations.add(invitation);
    }

    /**
     * Remembers the redeem URL handed out with an invitation, as Entra knows the links it issued.
     * Kept apart from {@link InvitationRecord} so that neither the state dump nor the journal shows
     * it; tests read it here to check that a client kept exactly what it was given.
     */
    public synchronized void recordRedeemUrl(String invitationId, String redeemUrl) {
        redeemUrls.put(invitationId, redeemUrl);
    }

    @Override
    public synchronized Optional<String> redeemUrlOf(String invitationId) {
        return Optional.ofNullable(redeemUrls.get(invitationId));
    }

    @Override
    public synchronized List<DirectoryUser> users() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized List<InvitationRecord> invitations() {
        return List.copyOf(invitations);
    }

    @Override
    public synchronized List<DirectoryRoleAssignment> roleAssignments() {
        return List.copyOf(roleAssignments);
    }

    @Override
    public synchronized List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    @Override
    public synchronized List<Group> groups() {
        return List.copyOf(groups.values());
    }

    @Override
    public synchronized List<Application> applications() {
        return List.copyOf(applications.values());
    }
}
