package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.CallPermission;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphBudget;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.graph.gateway.UserDelta;
import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.models.Domain;
import com.microsoft.graph.models.DomainCollectionResponse;
import com.microsoft.graph.models.ExtensionCollectionResponse;
import com.microsoft.graph.models.Invitation;
import com.microsoft.graph.models.OpenTypeExtension;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.graph.users.item.checkmembergroups.CheckMemberGroupsPostRequestBody;
import com.microsoft.graph.users.item.checkmembergroups.CheckMemberGroupsPostResponse;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.BaseRequestConfiguration;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import com.microsoft.kiota.http.middleware.options.RedirectHandlerOption;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * {@link GraphGateway} on the Microsoft Graph Java SDK. Build it with {@code GraphGateways.create}, which wires it.
 * Thread-safe; close it to release its connection pools.
 */
public final class SdkGraphGateway implements GraphGateway, AutoCloseable {

    /** Pages followed at most for one list read; the operator's queries match a handful of objects. */
    static final int MAX_PAGES = 20;

    /** Group ids Graph's checkMemberGroups takes in one request. */
    static final int MAX_GROUP_IDS_PER_CHECK = 20;

    private static final int HTTP_CONFLICT = 409;

    private final GraphServiceClient graph;
    /** For the requests sent at most once (the reset, a reset note's creation): OkHttp never re-sends them either. */
    private final GraphServiceClient writeOnceGraph;
    private final List<OkHttpClient> httpClients;
    private final SdkRetryPolicy retryPolicy;
    private final FailureMapping failures;
    private final String baseUrl;
    private final GraphBudget budget;

    public SdkGraphGateway(GraphServiceClient graph, GraphServiceClient writeOnceGraph, List<OkHttpClient> httpClients,
                    SdkRetryPolicy retryPolicy, FailureMapping failures, String baseUrl, GraphBudget budget) {
        this.graph = graph;
        this.writeOnceGraph = writeOnceGraph;
        this.httpClients = List.copyOf(httpClients);
        this.retryPolicy = retryPolicy;
        this.failures = failures;
        this.baseUrl = baseUrl;
        this.budget = budget;
    }

    @Override
    public GraphBudget budget() {
        return budget;
    }

    @Override
    public GraphResult<GuestUser> getUser(String userId) {
        requireText(userId, "userId");
        return call(CallKind.READ, CallPermission.USER_READS, options -> SdkModels.guestUser(graph.users().byUserId(userId).get(request -> {
            options.accept(request);
            request.queryParameters.select = GuestUser.SELECT;
        })));
    }

    @Override
    public GraphResult<List<GuestUser>> findUsersByMail(String email) {
        requireText(email, "email");
        return call(CallKind.READ, CallPermission.USER_READS, options -> findUsers(options, new UsersQuery(ODataFilter.equals("mail", email), false)));
    }

    @Override
    public GraphResult<List<GuestUser>> findGuestsInvitedAs(String email) {
        requireText(email, "email");
        String address = email.trim();
        int at = address.lastIndexOf('@');
        // Entra's form for an invited guest: the address with '@' as '_', then #EXT#@ and the host's domain.
        String prefix = address.substring(0, Math.max(at, 0)) + "_" + address.substring(at + 1) + "#EXT#@";
        if (at < 1 || prefix.length() > AddressHolderQueries.MAX_PLAIN_VALUE_LENGTH) {
            return GraphResult.success(List.of(), null);
        }
        return call(CallKind.READ, CallPermission.USER_READS, options -> findUsers(options,
                new UsersQuery(ODataFilter.startsWith("userPrincipalName", prefix), false)));
    }

    /**
     * As many queries as Graph's limits need ({@link AddressHolderQueries}): one is sent alone, more
     * go as {@code $batch} parts, 20 a batch.
     */
    @Override
    public GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails) {
        List<String> addresses = distinctTexts(emails, "emails");
        if (addresses.isEmpty()) {
            return GraphResult.success(List.of(), null);
        }
        List<UsersQuery> queries = holderQueries(addresses);
        return queries.size() == 1 ? usersWhere(queries.get(0)) : new GuestReadBatch(graph, failures).holders(queries, this);
    }

    /** The users one query finds, every page. */
    GraphResult<List<GuestUser>> usersWhere(UsersQuery query) {
        return call(CallKind.READ, CallPermission.USER_READS, options -> findUsers(options, query));
    }

    /** The queries that find the holders of these addresses within Graph's limits, measured on the configured endpoint. */
    private List<UsersQuery> holderQueries(List<String> addresses) {
        return AddressHolderQueries.plan(addresses, query -> {
            try {
                return graph.users().toGetRequestInformation(query::configure).getUri().toString().length();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("addresses: not expressible in a Graph URL", e);
            }
        });
    }

    @Override
    public GraphResult<Set<String>> memberGroups(String userId, Collection<String> groupIds) {
        requireText(userId, "userId");
        List<String> ids = distinctTexts(groupIds, "groupIds");
        if (ids.isEmpty()) {
            return GraphResult.success(Set.of(), null);
        }
        // checkMemberGroups only reads, so it may be repeated like a GET.
        return call(CallKind.READ, CallPermission.MEMBER_GROUPS, options -> {
            Set<String> memberOf = new LinkedHashSet<>();
            for (int from = 0; from < ids.size(); from += MAX_GROUP_IDS_PER_CHECK) {
                CheckMemberGroupsPostRequestBody body = new CheckMemberGroupsPostRequestBody();
                body.setGroupIds(new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + MAX_GROUP_IDS_PER_CHECK))));
                CheckMemberGroupsPostResponse answer = graph.users().byUserId(userId).checkMemberGroups().post(body, options::accept);
                memberOf.addAll(valuesOf(answer == null ? null : answer.getValue()));
            }
            return Collections.unmodifiableSet(memberOf);
        });
    }

    @Override
    public GraphResult<List<String>> verifiedDomains() {
        return call(CallKind.READ, CallPermission.VERIFIED_DOMAINS, options -> {
            DomainCollectionResponse first = graph.domains().get(request -> {
                options.accept(request);
                request.queryParameters.select = new String[] {"id", "isVerified"};
            });
            List<Domain> domains = allPages(first, DomainCollectionResponse::getValue,
                    next -> graph.domains().withUrl(next).get(options::accept));
            return domains.stream().filter(d -> Boolean.TRUE.equals(d.getIsVerified())).map(Domain::getId).toList();
        });
    }

    /**
     * GET /users with this query, every page. An advanced query's ConsistencyLevel: eventual goes
     * with the next pages too.
     */
    private List<GuestUser> findUsers(Consumer<BaseRequestConfiguration> options, UsersQuery query) {
        Consumer<BaseRequestConfiguration> pageOptions = query.advanced()
                ? options.andThen(request -> request.headers.add("ConsistencyLevel", "eventual"))
                : options;
        UserCollectionResponse first = graph.users().get(request -> {
            options.accept(request);
            query.configure(request);
        });
        return allPages(first, UserCollectionResponse::getValue, next -> graph.users().withUrl(next).get(pageOptions::accept))
                .stream().map(SdkModels::guestUser).toList();
    }

    /** The values of a first page and of the pages its {@code @odata.nextLink}s lead to, at most {@link #MAX_PAGES}. */
    private <P extends BaseCollectionPaginationCountResponse, V> List<V> allPages(P first, Function<P, List<V>> values,
                                                                                   Function<String, P> nextPage) {
        List<V> result = new ArrayList<>();
        P page = first;
        for (int pages = 1; ; pages++) {
            result.addAll(valuesOf(values.apply(page)));
            if (page.getOdataNextLink() == null || pages >= MAX_PAGES) {
                return result;
            }
            page = nextPage.apply(requireOwnLink(page.getOdataNextLink()));
        }
    }

    @Override
    public GraphResult<Void> updateEmails(String userId, EmailUpdate update) {
        requireText(userId, "userId");
        Objects.requireNonNull(update, "update");
        if (update.isEmpty()) {
            return GraphResult.success(null, null);
        }
        return call(CallKind.IDEMPOTENT_WRITE, CallPermission.USER_UPDATE, options -> {
            graph.users().byUserId(userId).patch(SdkModels.patchOf(update), options::accept);
            return null;
        });
    }

    /**
     * One JSON {@code $batch} when more than the user is asked for and every read fits in it (an
     * advanced query's ConsistencyLevel header travels in its part, as json-batching documents);
     * otherwise the user and the roles first, then the address lookup in batches of its own.
     */
    @Override
    public GuestReads readGuest(String userId, boolean directoryRoles, Collection<String> addresses) {
        requireText(userId, "userId");
        List<String> emails = distinctTexts(addresses, "addresses");
        boolean worthABatch = directoryRoles || !emails.isEmpty();
        List<UsersQuery> holders = emails.isEmpty() ? List.of() : holderQueries(emails);
        if (!worthABatch || 1 + (directoryRoles ? 1 : 0) + holders.size() > GuestReadBatch.MAX_PARTS) {
            return GraphGateway.super.readGuest(userId, directoryRoles, emails);
        }
        return new GuestReadBatch(graph, failures).read(userId, directoryRoles, holders, this);
    }

    @Override
    public GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId) {
        requireText(userId, "userId");
        return call(CallKind.READ, CallPermission.ROLE_READS, options -> {
            var assignments = graph.roleManagement().directory().roleAssignments();
            UnifiedRoleAssignmentCollectionResponse first = assignments.get(request -> {
                options.accept(request);
                request.queryParameters.select = new String[] {"id", "principalId", "roleDefinitionId", "directoryScopeId"};
                request.queryParameters.filter = ODataFilter.equals("principalId", userId);
            });
            return allPages(first, UnifiedRoleAssignmentCollectionResponse::getValue,
                    next -> assignments.withUrl(next).get(options::accept))
                    .stream().map(SdkModels::roleAssignment).toList();
        });
    }

    @Override
    public GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation) {
        Objects.requireNonNull(invitation, "invitation");
        requireText(invitation.userId(), "invitation.userId");
        requireText(invitation.email(), "invitation.email");
        requireText(invitation.redirectUrl(), "invitation.redirectUrl");
        Invitation body = SdkModels.invitationOf(invitation);
        return call(CallKind.WRITE_ONCE, CallPermission.RESET, options -> {
            Invitation answer = writeOnceGraph.invitations().post(body, request -> sentOnce(options, request));
            if (answer == null || answer.getId() == null) {
                throw new IllegalStateException("Graph's answer carried no invitation");
            }
            return SdkModels.issued(answer, invitation.keepRedeemLink());
        });
    }

    @Override
    public GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds) {
        String filter = link == null && userIds != null && !userIds.isEmpty() ? ODataFilter.anyId(userIds) : null;
        String continuation = link == null ? null : requireOwnLink(link);
        return call(CallKind.READ, CallPermission.USER_READS, options -> {
            DeltaGetResponse page = continuation != null
                    ? graph.users().delta().withUrl(continuation).get(options::accept)
                    : graph.users().delta().get(request -> {
                        options.accept(request);
                        request.queryParameters.select = GuestUser.SELECT;
                        request.queryParameters.filter = filter;
                    });
            List<GuestUser> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (User user : valuesOf(page.getValue())) {
                if (isRemoved(user)) {
                    removed.add(user.getId());
                } else {
                    changed.add(SdkModels.guestUser(user));
                }
            }
            return new UserDelta(changed, removed, page.getOdataNextLink(), page.getOdataDeltaLink());
        });
    }

    @Override
    public void close() {
        for (OkHttpClient client : httpClients) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Graph marks a deleted object in a delta page with an {@code @removed} annotation. */
    private static boolean isRemoved(User user) {
        Map<String, Object> extra = user.getAdditionalData();
        return extra != null && extra.containsKey("@removed");
    }

    /**
     * Runs one SDK call with this call kind's retry option and a response-header probe, and turns
     * whatever it throws into a typed failure; a 403 names the permission this call needs.
     */
    private <T> GraphResult<T> call(CallKind kind, CallPermission permission,
                                    Function<Consumer<BaseRequestConfiguration>, T> sdkCall) {
        HeadersInspectionOption responseHeaders = new HeadersInspectionOption(false, true);
        var retry = retryPolicy.optionFor(kind);
        Consumer<BaseRequestConfiguration> options = request -> {
            request.options.add(responseHeaders);
            request.options.add(retry);
        };
        try {
            T value = sdkCall.apply(options);
            var ids = responseHeaders.getResponseHeaders().get(FailureMapping.REQUEST_ID);
            return GraphResult.success(value, ids == null || ids.isEmpty() ? null : ids.iterator().next());
        } catch (RuntimeException e) {
            return GraphResult.failed(failures.map(e, kind).neededFor(permission));
        }
    }

    /** A next/delta link is only followed on the configured Graph endpoint (the token goes with it). */
    private String requireOwnLink(String link) {
        if (!link.startsWith(baseUrl + "/")) {
            throw new IllegalArgumentException("link: not on the configured Graph endpoint " + baseUrl);
        }
        return link;
    }

    private static <T> List<T> valuesOf(List<T> values) {
        return values == null ? List.of() : values;
    }

    /** The non-blank values, each once (compared case-insensitively, as Graph compares ids and addresses). */
    private static List<String> distinctTexts(Collection<String> values, String name) {
        Objects.requireNonNull(values, name);
        Map<String, String> distinct = new LinkedHashMap<>();
        for (String value : values) {
            requireText(value, name + " entry");
            distinct.putIfAbsent(value.toLowerCase(Locale.ROOT), value);
        }
        return List.copyOf(distinct.values());
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required");
        }
    }

    @Override
    public GraphResult<List<ResetRequestNote>> readResetNotes(String userId) {
        requireText(userId, "userId");
        return call(CallKind.READ, CallPermission.OPEN_EXTENSIONS, options -> {
            var extensions = graph.users().byUserId(userId).extensions();
            ExtensionCollectionResponse first = extensions.get(options::accept);
            return allPages(first, ExtensionCollectionResponse::getValue, next -> extensions.withUrl(next).get(options::accept))
                    .stream().map(ResetNoteExtension::noteOf).flatMap(Optional::stream).toList();
        });
    }

    /**
     * Sent at most once, like the reset (and on the same client): were a lost answer or a 429/503
     * re-sent, Graph's 409 to the second copy would read as another operator's note. A 409 here
     * always comes from the one request, so it means the note existed before.
     */
    @Override
    public GraphResult<Boolean> createResetNote(String userId, ResetRequestNote note) {
        requireText(userId, "userId");
        OpenTypeExtension body = ResetNoteExtension.of(requireNote(note));
        return call(CallKind.WRITE_ONCE, CallPermission.OPEN_EXTENSIONS, options -> {
            try {
                writeOnceGraph.users().byUserId(userId).extensions().post(body, request -> sentOnce(options, request));
                return true;
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == HTTP_CONFLICT) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** A PATCH with every field (Graph deletes the properties a PATCH leaves out), so repeating it is harmless. */
    @Override
    public GraphResult<Void> updateResetNote(String userId, ResetRequestNote note) {
        requireText(userId, "userId");
        OpenTypeExtension body = ResetNoteExtension.of(requireNote(note));
        return call(CallKind.IDEMPOTENT_WRITE, CallPermission.OPEN_EXTENSIONS, options -> {
            graph.users().byUserId(userId).extensions().byExtensionId(body.getExtensionName()).patch(body, options::accept);
            return null;
        });
    }

    /** A repeated DELETE whose first answer was lost ends as NotFound: the note is gone either way. */
    @Override
    public GraphResult<Void> deleteResetNote(String userId, String extensionName) {
        requireText(userId, "userId");
        requireText(extensionName, "extensionName");
        if (!extensionName.startsWith(ResetRequestNote.EXTENSION_PREFIX)) {
            throw new IllegalArgumentException("extensionName: not a reset note (" + ResetRequestNote.EXTENSION_PREFIX + "...)");
        }
        return call(CallKind.IDEMPOTENT_WRITE, CallPermission.OPEN_EXTENSIONS, options -> {
            graph.users().byUserId(userId).extensions().byExtensionId(extensionName).delete(options::accept);
            return null;
        });
    }

    private static ResetRequestNote requireNote(ResetRequestNote note) {
        Objects.requireNonNull(note, "note");
        requireText(note.email(), "note.email");
        return note;
    }

    /**
     * The options of a request that must reach Graph at most once: no SDK retry (the call's option)
     * and no redirect (following one re-sends the POST elsewhere).
     */
    private static void sentOnce(Consumer<BaseRequestConfiguration> options, BaseRequestConfiguration request) {
        options.accept(request);
        request.options.add(new RedirectHandlerOption(0, response -> false));
    }
}
