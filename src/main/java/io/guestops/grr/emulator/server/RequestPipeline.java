package io.guestops.grr.emulator.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.admin.AdminApi;
import io.guestops.grr.emulator.api.GraphRouter;
import io.guestops.grr.emulator.auth.AccessTokens;
import io.guestops.grr.emulator.auth.CallerIdentity;
import io.guestops.grr.emulator.auth.TokenEndpoint;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.fault.Faults;
import io.guestops.grr.emulator.journal.Journal;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.journal.JournalRedaction;
import io.guestops.grr.emulator.throttle.RequestCost;
import io.guestops.grr.emulator.throttle.Throttler;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What every request goes through, in order: faults (latency, then 429/503/504 before any
 * effect), authentication, throttling, routing with permission checks, then headers and the
 * journal. Inner requests of a JSON batch re-enter {@link #graph} so they get the same treatment.
 */
public final class RequestPipeline {
    private static final String DIAGNOSTIC = "{\"ServerInfo\":{\"DataCenter\":\"Emulator\",\"Slice\":\"E\",\"Ring\":\"0\",\"ScaleUnit\":\"000\",\"RoleInstance\":\"graph-emulator\"}}";

    private final Directory directory;
    private final AccessTokens tokens;
    private final TokenEndpoint tokenEndpoint;
    private final GraphRouter router;
    private final Throttler throttler;
    private final Faults faults;
    private final Journal journal;
    private final AdminApi admin;
    private final Clock clock;
    private final JsonBatch batch = new JsonBatch(this);

    public RequestPipeline(Directory directory, AccessTokens tokens, TokenEndpoint tokenEndpoint, GraphRouter router,
                           Throttler throttler, Faults faults, Journal journal, AdminApi admin, Clock clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.tokenEndpoint = tokenEndpoint;
        this.router = router;
        this.throttler = throttler;
        this.faults = faults;
        this.journal = journal;
        this.admin = admin;
        this.clock = clock;
    }

    /** Entry point for everything the HTTPS server receives; every response carries a request-id. */
    public ApiResponse dispatch(ApiRequest request) {
        ApiResponse response = route(request);
        if (response.header("request-id") == null) {
            response.header("request-id", UUID.randomUUID().toString());
        }
        return response;
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path();
        if (path.equals(AdminApi.PREFIX) || path.startsWith(AdminApi.PREFIX + "/")) {
            return admin.handle(request);
        }
        if (path.equals(GraphRouter.VERSION_PREFIX) || path.startsWith(GraphRouter.VERSION_PREFIX + "/")) {
            return graph(request);
        }
        if (TokenEndpoint.handles(path)) {
            return token(request);
        }
        return ApiResponse.json(404, Json.object().put("error", "The emulator serves /v1.0 (Graph), /{tenant}/oauth2/v2.0/token (Entra) and /_emulator (admin)."), "application/json");
    }

    ApiResponse graph(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        String clientRequestId = request.header("client-request-id") != null ? request.header("client-request-id") : requestId;
        Instant received = clock.instant();
        List<FaultRule> fired = faults.fire(request.method(), request.path());
        String appId = null;
        ApiResponse response;
        try {
            applyFaultsBeforeEffect(fired);
            CallerIdentity caller = tokens.authenticate(request.header("Authorization"), directory);
            appId = caller.appId();
            response = JsonBatch.isBatch(request) ? batch.handle(request) : throttled(request, caller);
        } catch (GraphError e) {
            response = render(e, requestId, clientRequestId);
        }
        response.header("request-id", requestId)
                .header("client-request-id", clientRequestId)
                .header("x-ms-ags-diagnostic", DIAGNOSTIC);
        if (fired.stream().anyMatch(f -> f.kind() == FaultKind.COMMIT_THEN_DROP)) {
            response.dropConnection(true);
        }
        record(received, requestId, clientRequestId, appId, request, response);
        return response;
    }

    private ApiResponse token(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        Instant received = clock.instant();
        List<FaultRule> fired = faults.fire(request.method(), request.path());
        ApiResponse response;
        try {
            applyFaultsBeforeEffect(fired);
            response = tokenEndpoint.handle(request);
        } catch (GraphError e) {
            response = render(e, requestId, requestId);
        }
        response.header("x-ms-request-id", requestId).header("request-id", requestId);
        if (request.header("client-request-id") != null) {
            // MSAL compares it with the correlation id it sent.
            response.header("client-request-id", request.header("client-request-id"));
        }
        if (fired.stream().anyMatch(f -> f.kind() == FaultKind.COMMIT_THEN_DROP)) {
            response.dropConnection(true);
        }
        String clientId = ApiRequest.decodeForm(request.bodyText()).get("client_id");
        record(received, requestId, request.header("client-request-id"), clientId, request, response);
        return response;
    }

    private static void applyFaultsBeforeEffect(List<FaultRule> fired) {
        long latency = fired.stream().filter(f -> f.kind() == FaultKind.LATENCY).mapToLong(FaultRule::latencyMillis).sum();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (FaultRule fault : fired) {
            switch (fault.kind()) {
                case THROTTLE -> throw new GraphError(429, "TooManyRequests", "Too many requests.")
                        .withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds() == null ? 1 : fault.retryAfterSeconds()))
                        .withHeader("x-ms-throttle-information", "InjectedFault");
                case UNAVAILABLE -> {
                    GraphError error = new GraphError(503, "serviceNotAvailable", "Service unavailable. Please try again later.");
                    if (fault.retryAfterSeconds() != null) {
                        error.withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
                    }
                    throw error;
                }
                case GATEWAY_TIMEOUT -> throw new GraphError(504, "GatewayTimeout", "The gateway did not receive a response in time.");
                default -> {
                }
            }
        }
    }

    private ApiResponse throttled(ApiRequest request, CallerIdentity caller) {
        Tenant tenant = directory.tenant(caller.tenantId()).orElseThrow();
        RequestCost cost = RequestCost.of(request.method(), request.path(), request.query());
        int users = tenant.userCount() == null ? directory.users(tenant.id()).size() : tenant.userCount();
        Throttler.Decision decision = throttler.admit(caller.appId(), tenant.id(), users, cost);
        String scope = "Tenant_Application/" + (cost.writes() > 0 ? "ReadWrite" : "Read") + "/" + caller.appId() + "/" + tenant.id();
        if (!decision.admitted()) {
            throw new GraphError(429, "TooManyRequests", "Too many requests. The application has exceeded its throttling limit for this tenant.")
                    .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()))
                    .withHeader("x-ms-throttle-scope", scope)
                    .withHeader("x-ms-throttle-information", decision.limitExceeded())
                    .withHeader("x-ms-resource-unit", String.valueOf(cost.resourceUnits()));
        }
        ApiResponse response;
        try {
            response = router.route(request, caller);
        } catch (GraphError e) {
            addUsageHeaders(e, cost, decision);
            throw e;
        }
        response.header("x-ms-resource-unit", String.valueOf(cost.resourceUnits()));
        if (decision.usedFraction() >= 0.8) {
            response.header("x-ms-throttle-limit-percentage", percentage(decision.usedFraction()));
        }
        return response;
    }

    private static void addUsageHeaders(GraphError e, RequestCost cost, Throttler.Decision decision) {
        e.withHeader("x-ms-resource-unit", String.valueOf(cost.resourceUnits()));
        if (decision.usedFraction() >= 0.8) {
            e.withHeader("x-ms-throttle-limit-percentage", percentage(decision.usedFraction()));
        }
    }

    /** Graph reports usage in tenths from 0.8 up. */
    private static String percentage(double used) {
        return String.format(Locale.ROOT, "%.1f", Math.min(1.0, Math.floor(used * 10) / 10));
    }

    private ApiResponse render(GraphError e, String requestId, String clientRequestId) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("code", e.code()).put("message", e.getMessage());
        error.putObject("innerError")
                .put("date", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .put("request-id", requestId)
                .put("client-request-id", clientRequestId);
        ApiResponse response = ApiResponse.json(e.status(), body);
        e.headers().forEach(response::header);
        return response;
    }

    private void record(Instant received, String requestId, String clientRequestId, String appId, ApiRequest request, ApiResponse response) {
        journal.add(new JournalEntry(received, requestId, clientRequestId, appId, request.method(), request.pathWithQuery(),
                JournalRedaction.redact(request.bodyText(), request.header("Content-Type")),
                response.dropConnection() ? 0 : response.status(), response.effective(), response.memberConverted(),
                response.dropConnection(), JournalRedaction.redact(response.bodyText(), response.header("Content-Type"))));
    }
}
