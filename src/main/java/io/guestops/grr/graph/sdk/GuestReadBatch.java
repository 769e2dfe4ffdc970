package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.budget.RetryAfter;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.CallPermission;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.GuestUser;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Response;

/**
 * The reads of one pass (the user, its directory roles, who holds the addresses) as one JSON
 * {@code $batch}: one round trip instead of several; and an address lookup of many queries in
 * batches of {@link #MAX_PARTS}. Each part is answered, and mapped to a typed failure, on its own
 * (Graph answers a batch 200 even when parts fail, so the SDK retries none of them). A collection
 * that needs a second page is read again the ordinary way.
 */
final class GuestReadBatch {

    /** Requests Graph takes in one {@code $batch} (https://learn.microsoft.com/graph/json-batching). */
    static final int MAX_PARTS = 20;

    private static final JsonParseNodeFactory JSON = new JsonParseNodeFactory();

    private final GraphServiceClient graph;
    private final FailureMapping failures;

    GuestReadBatch(GraphServiceClient graph, FailureMapping failures) {
        this.graph = graph;
        this.failures = failures;
    }

    /**
     * @param holders  the address lookup's queries; together with the user and the roles at most {@link #MAX_PARTS}
     * @param ordinary the same reads one request each, for a collection with a second page. A part
     *                 Graph throttled or could not answer is not re-sent here: its typed failure goes
     *                 to the decision, which waits (at least Retry-After) without holding a thread
     */
    GuestReads read(String userId, boolean directoryRoles, List<UsersQuery> holders, SdkGraphGateway ordinary) {
        BatchResponseContent answer;
        String userStep;
        String rolesStep;
        Map<String, UsersQuery> holderSteps;
        try {
            // Adding a step already authenticates it: a credential Entra refuses fails here.
            BatchRequestContent content = new BatchRequestContent(graph);
            userStep = content.addBatchRequestStep(graph.users().byUserId(userId)
                    .toGetRequestInformation(request -> request.queryParameters.select = GuestUser.SELECT));
            rolesStep = directoryRoles ? content.addBatchRequestStep(graph.roleManagement().directory().roleAssignments()
                    .toGetRequestInformation(request -> {
                        request.queryParameters.select = new String[] {"id", "principalId", "roleDefinitionId", "directoryScopeId"};
                        request.queryParameters.filter = ODataFilter.equals("principalId", userId);
                    })) : null;
            holderSteps = addHolderSteps(content, holders);
            answer = graph.getBatchRequestBuilder().post(content, null);
        } catch (IOException | RuntimeException e) {
            GraphFailure failure = failures.map(e, CallKind.READ).neededFor(CallPermission.USER_READS);
            return new GuestReads(GraphResult.failed(failure), directoryRoles ? GraphResult.failed(failure) : null,
                    holders.isEmpty() ? null : GraphResult.failed(failure));
        }
        GraphResult<GuestUser> user = part(answer, userStep, CallPermission.USER_READS, User::createFromDiscriminatorValue,
                SdkModels::guestUser);
        GraphResult<UnifiedRoleAssignmentCollectionResponse> roles = rolesStep == null ? null
                : part(answer, rolesStep, CallPermission.ROLE_READS, UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue,
                        page -> page);
        return new GuestReads(
                user,
                roles == null ? null : orAgain(roles, () -> ordinary.directoryRoleAssignments(userId),
                        page -> values(page.getValue()).stream().map(SdkModels::roleAssignment).toList()),
                holders.isEmpty() ? null : holdersIn(answer, holderSteps, ordinary));
    }

    /** Every user the queries find, each once: the queries sent as parts of as many batches as they fill. */
    GraphResult<List<GuestUser>> holders(List<UsersQuery> queries, SdkGraphGateway ordinary) {
        Map<String, GuestUser> found = new LinkedHashMap<>();
        String requestId = null;
        for (int from = 0; from < queries.size(); from += MAX_PARTS) {
            List<UsersQuery> chunk = queries.subList(from, Math.min(queries.size(), from + MAX_PARTS));
            GraphResult<List<GuestUser>> batch;
            try {
                BatchRequestContent content = new BatchRequestContent(graph);
                Map<String, UsersQuery> steps = addHolderSteps(content, chunk);
                batch = holdersIn(graph.getBatchRequestBuilder().post(content, null), steps, ordinary);
            } catch (IOException | RuntimeException e) {
                batch = GraphResult.failed(failures.map(e, CallKind.READ).neededFor(CallPermission.USER_READS));
            }
            if (!batch.isSuccess()) {
                return batch;
            }
            batch.value().forEach(u -> found.putIfAbsent(u.id(), u));
            requestId = batch.requestId();
        }
        return GraphResult.success(List.copyOf(found.values()), requestId);
    }

    private Map<String, UsersQuery> addHolderSteps(BatchRequestContent content, List<UsersQuery> queries) {
        Map<String, UsersQuery> steps = new LinkedHashMap<>();
        for (UsersQuery query : queries) {
            steps.put(content.addBatchRequestStep(graph.users().toGetRequestInformation(query::configure)), query);
        }
        return steps;
    }

    /** The users the holder parts found, each once (with the last part's request id), or the first part's failure. */
    private GraphResult<List<GuestUser>> holdersIn(BatchResponseContent answer, Map<String, UsersQuery> steps,
                                                   SdkGraphGateway ordinary) {
        Map<String, GuestUser> found = new LinkedHashMap<>();
        String requestId = null;
        for (Map.Entry<String, UsersQuery> step : steps.entrySet()) {
            GraphResult<UserCollectionResponse> page = part(answer, step.getKey(), CallPermission.USER_READS,
                    UserCollectionResponse::createFromDiscriminatorValue, p -> p);
            GraphResult<List<GuestUser>> users = orAgain(page, () -> ordinary.usersWhere(step.getValue()),
                    p -> values(p.getValue()).stream().map(SdkModels::guestUser).toList());
            if (!users.isSuccess()) {
                return users;
            }
            users.value().forEach(u -> found.putIfAbsent(u.id(), u));
            requestId = users.requestId();
        }
        return GraphResult.success(List.copyOf(found.values()), requestId);
    }

    private static <P extends BaseCollectionPaginationCountResponse, V> GraphResult<V> orAgain(
            GraphResult<P> page, Supplier<GraphResult<V>> again, Function<P, V> value) {
        boolean morePages = page.isSuccess() && page.value().getOdataNextLink() != null;
        return morePages ? again.get() : page.map(value);
    }

    /** One part's answer: its value, or the failure its status and Graph's error code say (a 403 naming the part's permission). */
    private <P extends Parsable, V> GraphResult<V> part(BatchResponseContent answer, String step, CallPermission permission,
                                                         ParsableFactory<P> factory, Function<P, V> value) {
        try (Response response = answer.getResponseById(step)) {
            if (response == null) {
                return GraphResult.failed(new GraphFailure.Transient(0, "Graph's batch answer left out a request", null, null));
            }
            String requestId = response.header(FailureMapping.REQUEST_ID);
            byte[] body = response.body() == null ? new byte[0] : response.body().bytes();
            if (response.isSuccessful()) {
                return GraphResult.success(value.apply(parse(body, factory)), requestId);
            }
            MainError error = body.length == 0 ? null : parse(body, ODataError::createFromDiscriminatorValue).getError();
            Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), Instant.now());
            return GraphResult.failed(failures.fromStatus(response.code(), error == null ? null : error.getCode(),
                    error == null ? null : error.getMessage(), retryAfter, requestId, CallKind.READ).neededFor(permission));
        } catch (IOException | RuntimeException e) {
            return GraphResult.failed(failures.map(e, CallKind.READ));
        }
    }

    private static <P extends Parsable> P parse(byte[] body, ParsableFactory<P> factory) {
        return JSON.getParseNode("application/json", new ByteArrayInputStream(body)).getObjectValue(factory);
    }

    private static <T> List<T> values(List<T> values) {
        return values == null ? List.of() : values;
    }
}
