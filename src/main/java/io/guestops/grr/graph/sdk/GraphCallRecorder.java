package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.budget.BatchParts;
import io.guestops.grr.graph.budget.RetryAfter;
import io.guestops.grr.graph.gateway.GraphCallListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tells a {@link GraphCallListener} about each HTTP exchange with Graph. It sits innermost among
 * the SDK's middleware, after the retry handler, so every attempt counts: a 429 the SDK retried
 * within its short wait is still a 429 Graph answered, and its Retry-After still a wait. A
 * {@code $batch} counts as one exchange on its route and each of its parts as one more on the part's
 * route: Graph answers the envelope 200 even when a part was throttled, and that 429 must count.
 */
public final class GraphCallRecorder implements Interceptor {

    private final GraphRoutes routes;
    private final GraphCallListener listener;
    private final Clock clock;

    public GraphCallRecorder(GraphRoutes routes, GraphCallListener listener, Clock clock) {
        this.routes = routes;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        // Outermost of the two that read a batch's parts: it reads them once, for the budget too.
        Request request = BatchParts.Exchange.tagged(chain.request());
        String route = routes.templateOf(request.url().encodedPath());
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException noAnswer) {
            listener.exchanged(route, request.method(), ExchangeOutcome.NO_ANSWER);
            throw noAnswer;
        }
        listener.exchanged(route, request.method(), ExchangeOutcome.ofStatus(response.code()));
        askedToWait(response.code(), response.header("Retry-After"));
        if (BatchParts.isBatch(request) && response.isSuccessful()) {
            recordParts(request, response);
        }
        return response;
    }

    private void recordParts(Request request, Response response) {
        BatchParts.Exchange.of(request).forEachAnswered(response, (part, answer) -> {
            listener.exchanged(routes.templateOfPart(part.path()), part.method(), ExchangeOutcome.ofStatus(answer.status()));
            askedToWait(answer.status(), answer.header("Retry-After"));
        });
    }

    private void askedToWait(int status, String retryAfter) {
        if (status == 429 || status == 503) {
            Duration wait = RetryAfter.parse(retryAfter, clock.instant());
            if (wait != null) {
                listener.askedToWait(wait);
            }
        }
    }
}
