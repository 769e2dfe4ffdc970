package io.guestops.grr.graph;

import io.guestops.grr.graph.auth.CachedTokenCredential;
import io.guestops.grr.graph.auth.TlsTrust;
import io.guestops.grr.graph.auth.TokenCredentials;
import io.guestops.grr.graph.budget.AdaptiveConcurrency;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.budget.BudgetMeter;
import io.guestops.grr.graph.budget.TenantBudget;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.WritePermitCheck;
import io.guestops.grr.graph.sdk.FailureMapping;
import io.guestops.grr.graph.sdk.GraphCallRecorder;
import io.guestops.grr.graph.sdk.GraphRoutes;
import io.guestops.grr.graph.sdk.Redactor;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.graph.sdk.SdkRetryPolicy;
import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Creates the SDK-backed {@link GraphGateway} for a {@link GraphConnection}. */
public final class GraphGateways {

    /**
     * Idle connections kept per client: as many as a tenant may have passes in Graph at once. OkHttp
     * keeps 5 by default, so a burst of passes closed the rest and the next burst paid a TLS
     * handshake per connection again.
     */
    private static final int CONNECTIONS_KEPT = AdaptiveConcurrency.MAX;

    private GraphGateways() {}

    /**
     * Wires the Graph SDK to the connection:
     * <ul>
     *   <li>the bearer token is attached for the configured endpoint's host only (the SDK's plain
     *       {@code GraphServiceClient(credential, scopes)} would silently send none to any host
     *       but Microsoft's), with the scope {@code <endpoint>/.default};</li>
     *   <li>requests go to {@code <endpoint>/v1.0} over an OkHttp client that trusts the configured
     *       certificates;</li>
     *   <li>the reset POST and a reset note's creation use a sibling client that never re-sends on a
     *       broken connection and never reuses a pooled connection (a stale one would fail in a way
     *       that looks ambiguous).</li>
     * </ul>
     */
    public static SdkGraphGateway create(GraphConnection connection) {
        return create(connection, GraphCallListener.NONE);
    }

    /**
     * As {@link #create(GraphConnection)}, telling {@code listener} about every exchange with Graph
     * (each attempt, the SDK's own retries included) and with the token authority.
     */
    public static SdkGraphGateway create(GraphConnection connection, GraphCallListener listener) {
        return create(connection, listener, new TenantBudgets(BudgetLimits.GRAPH_DEFAULTS, Clock.systemUTC()));
    }

    /**
     * As {@link #create(GraphConnection, GraphCallListener)}, charging every exchange to the
     * connection's (application, tenant) budget from {@code budgets}, shared by every gateway built
     * with the same registry for the same pair.
     */
    public static SdkGraphGateway create(GraphConnection connection, GraphCallListener listener, TenantBudgets budgets) {
        TlsTrust trust = TlsTrust.forCertificates(connection.trustedCertificates());
        TokenCredential credential = new CachedTokenCredential(TokenCredentials.create(connection, trust), connection.tokenScope(),
                Clock.systemUTC(), listener);
        var authentication = new AzureIdentityAuthenticationProvider(credential,
                new String[] {connection.graphEndpoint().getHost()}, null, false, connection.tokenScope());
        SdkRetryPolicy retryPolicy = new SdkRetryPolicy(connection.sdkRetries());

        String basePath = URI.create(connection.baseUrl()).getRawPath();
        var recorder = new GraphCallRecorder(new GraphRoutes(basePath), listener, Clock.systemUTC());
        TenantBudget budget = budgets.budgetFor(connection);
        listener.pacing(connection.clientId(), connection.tenantId(), budget::pacedWritesPer150s, budget::pacedResourceUnitsPer10s);
        OkHttpClient http = httpClient(connection, trust, retryPolicy, recorder, new BudgetMeter(budget, basePath, Clock.systemUTC()));
        // The reset (and a reset note's creation) is never re-sent: OkHttp's own recovery is off and
        // the SDK's retry handler is told no per request. Its connections are kept alive in a pool of their own (a TLS handshake per
        // reset cost more CPU than the reset itself), apart from the reads' so neither changes the other's reuse.
        OkHttpClient writeOnceHttp = http.newBuilder()
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(CONNECTIONS_KEPT, 5, TimeUnit.MINUTES))
                .callTimeout(connection.requestTimeout())
                .build();
        var graph = new GraphServiceClient(new BaseGraphRequestAdapter(authentication, connection.baseUrl(), http));
        var writeOnceGraph = new GraphServiceClient(new BaseGraphRequestAdapter(authentication, connection.baseUrl(), writeOnceHttp));
        var failures = new FailureMapping(new Redactor(connection.credential().secretToRedact()), Instant::now);
        return new SdkGraphGateway(graph, writeOnceGraph, List.of(http, writeOnceHttp), retryPolicy, failures,
                connection.baseUrl(), budget);
    }

    private static OkHttpClient httpClient(GraphConnection connection, TlsTrust trust, SdkRetryPolicy retryPolicy,
                                           GraphCallRecorder recorder, BudgetMeter meter) {
        RequestOption[] defaults = {new GraphClientOption(), retryPolicy.optionFor(CallKind.READ)};
        OkHttpClient.Builder builder = GraphClientFactory.create(defaults)
                .connectionPool(new ConnectionPool(CONNECTIONS_KEPT, 5, TimeUnit.MINUTES))
                .connectTimeout(connection.connectTimeout())
                .readTimeout(connection.requestTimeout())
                .writeTimeout(connection.requestTimeout())
                .callTimeout(callBudget(connection))
                // Last, so it sees each attempt the SDK's retry handler makes.
                .addInterceptor(recorder)
                .addInterceptor(meter)
                // Innermost: a write's every attempt, the retry handler's included, asks its permit as it leaves.
                .addInterceptor(new WritePermitCheck());
        if (trust != null) {
            builder.sslSocketFactory(trust.sslContext().getSocketFactory(), trust.trustManager());
        }
        return builder.build();
    }

    /** One call may include the SDK's retries and their waits; the budget covers them all. */
    private static Duration callBudget(GraphConnection connection) {
        GraphConnection.SdkRetries retries = connection.sdkRetries();
        return connection.requestTimeout().multipliedBy(retries.maxRetries() + 1L)
                .plus(retries.maxWait().multipliedBy(retries.maxRetries()));
    }
}
