package io.guestops.grr.graph;

import com.microsoft.graph.models.Invitation;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.BaseRequestConfiguration;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import com.microsoft.kiota.http.middleware.options.RedirectHandlerOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * {@link GraphGateway} on the Microsoft Graph Java SDK. Build it with {@link GraphGateways#create}.
 * Thread-safe; close it to release its connection pools.
 */
public final class SdkGraphGateway implements GraphGateway, AutoCloseable {

    /** Pages followed at most for one list read; the operator's queries match a handful of objects. */
    static final int MAX_PAGES = 20;

    private final GraphServiceClient graph;
    private final GraphServiceClient resetGraph;
    private final List<OkHttpClient> httpClients;
    private final SdkRetryPolicy retryPolicy;
    private final FailureMapping failures;
    private final String baseUrl;

    SdkGraphGateway(GraphServiceClient graph, GraphServiceClient resetGraph, List<OkHttpClient> httpClients,
                    SdkRetryPolicy retryPolicy, FailureMapping failures, String baseUrl) {
        this.graph = graph;
        this.resetGraph = resetGraph;
        this.httpClients = List.copyOf(httpClients);
        this.retryPolicy = retryPolicy;
        this.failures = failures;
        this.baseUrl = baseUrl;
    }

    @Override
    public GraphResult<GuestUser> getUser(String userId) {
        requireText(userId, "userId");
        return call(CallKind.READ, options -> SdkModels.guestUser(graph.users().byUserId(userId).get(request -> {
            options.accept(request);
            request.queryParameters.select = GuestUser.SELECT;
        })));
    }

    @Override
    public GraphResult<List<GuestUser>> findUsersByMail(String email) {
        requireText(email, "email");
        return call(CallKind.READ, options -> {
            UserCollectionResponse page = graph.users().get(request -> {
                options.accept(request);
                request.queryParameters.filter = ODataFilter.equals("mail", email);
                request.queryParameters.select = GuestUser.SELECT;
            });
            List<GuestUser> users = new ArrayList<>();
            for (int pages = 1; ; pages++) {
                valuesOf(page.getValue()).stream().map(SdkModels::guestUser).forEach(users::add);
                if (page.getOdataNextLink() == null || pages >= MAX_PAGES) {
                    return users;
                }
                String next = requireOwnLink(page.getOdataNextLink());
                page = graph.users().withUrl(next).get(options::accept);
            }
        });
    }

    @Override
    public GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails) {
        throw new UnsupportedOperationException("findAddressHolders: being implemented on branch emulator");
    }

    @Override
    public GraphResult<java.util.Set<String>> memberGroups(String userId, Collection<String> groupIds) {
        throw new UnsupportedOperationException("memberGroups: being implemented on branch emulator");
    }

    @Override
    public GraphResult<List<String>> verifiedDomains() {
        throw new UnsupportedOperationException("verifiedDomains: being implemented on branch emulator");
    }

    @Override
    public GraphResult<Void> updateEmails(String userId, EmailUpdate update) {
        requireText(userId, "userId");
        Objects.requireNonNull(update, "update");
        if (update.isEmpty()) {
            return GraphResult.success(null, null);
        }
        return call(CallKind.IDEMPOTENT_WRITE, options -> {
            graph.users().byUserId(userId).patch(SdkModels.patchOf(update), options::accept);
            return null;
        });
    }

    @Override
    public GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId) {
        requireText(userId, "userId");
        return call(CallKind.READ, options -> {
            var assignments = graph.roleManagement().directory().roleAssignments();
            UnifiedRoleAssignmentCollectionResponse page = assignments.get(request -> {
                options.accept(request);
                request.queryParameters.select = new String[] {"id", "principalId", "roleDefinitionId", "directoryScopeId"};
                request.queryParameters.filter = ODataFilter.equals("principalId", userId);
            });
            List<RoleAssignment> result = new ArrayList<>();
            for (int pages = 1; ; pages++) {
                valuesOf(page.getValue()).stream().map(SdkModels::roleAssignment).forEach(result::add);
                if (page.getOdataNextLink() == null || pages >= MAX_PAGES) {
                    return result;
                }
                page = assignments.withUrl(requireOwnLink(page.getOdataNextLink())).get(options::accept);
            }
        });
    }

    @Override
    public GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation) {
        Objects.requireNonNull(invitation, "invitation");
        requireText(invitation.userId(), "invitation.userId");
        requireText(invitation.email(), "invitation.email");
        requireText(invitation.redirectUrl(), "invitation.redirectUrl");
        Invitation body = SdkModels.invitationOf(invitation);
        return call(CallKind.WRITE_ONCE, options -> {
            Invitation answer = resetGraph.invitations().post(body, request -> {
                options.accept(request);
                // A redirect would be followed by re-sending the POST elsewhere: never.
                request.options.add(new RedirectHandlerOption(0, response -> false));
            });
            if (answer == null || answer.getId() == null) {
                throw new IllegalStateException("Graph's answer carried no invitation");
            }
            return SdkModels.issued(answer);
        });
    }

    @Override
    public GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds) {
        String filter = link == null && userIds != null && !userIds.isEmpty() ? ODataFilter.anyId(userIds) : null;
        String continuation = link == null ? null : requireOwnLink(link);
        return call(CallKind.READ, options -> {
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
     * whatever it throws into a typed failure.
     */
    private <T> GraphResult<T> call(CallKind kind, Function<Consumer<BaseRequestConfiguration>, T> sdkCall) {
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
            return GraphResult.failed(failures.map(e, kind));
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

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required");
        }
    }
}
