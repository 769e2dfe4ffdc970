package io.guestops.grr.graph;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tells a {@link GraphCallListener} about each HTTP exchange with Graph. It sits innermost among
 * the SDK's middleware, after the retry handler, so every attempt counts: a 429 the SDK retried
 * within its short wait is still a 429 Graph answered, and its Retry-After still a wait.
 */
final class GraphCallRecorder implements Interceptor {

    private final GraphRoutes routes;
    private final GraphCallListener listener;
    private final Clock clock;

    GraphCallRecorder(GraphRoutes routes, GraphCallListener listener, Clock clock) {
        this.routes = routes;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String route = routes.templateOf(request.url().encodedPath());
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException noAnswer) {
            listener.exchanged(route, request.method(), ExchangeOutcome.NO_ANSWER);
            throw noAnswer;
        }
        listener.exchanged(route, request.method(), ExchangeOutcome.ofStatus(response.code()));
        if (response.code() == 429 || response.code() == 503) {
            Duration wait = RetryAfter.parse(response.header("Retry-After"), clock.instant());
            if (wait != null) {
                listener.askedToWait(wait);
            }
        }
        return response;
    }
}
