package io.guestops.grr.graph.budget;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Charges every exchange with Graph to the tenant's {@link TenantBudget} as it is sent, and hands
 * the budget what each answer says about throttling. It sits innermost among the SDK's middleware,
 * so each attempt of the SDK's own retries is charged, as Graph charges it. A {@code $batch} is
 * charged part by part, and each part's answer is read (a 429 part pauses the tenant like a 429).
 */
public final class BudgetMeter implements Interceptor {

    private final TenantBudget budget;
    private final String basePath;
    private final Clock clock;

    /** @param basePath the path of the Graph base URL, e.g. {@code /v1.0} */
    public BudgetMeter(TenantBudget budget, String basePath, Clock clock) {
        this.budget = budget;
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        return BatchParts.isBatch(request) ? batch(chain, request) : single(chain, request);
    }

    private Response single(Chain chain, Request request) throws IOException {
        String path = request.url().encodedPath();
        ExchangeCost cost = ExchangeCost.of(request.method(), path.startsWith(basePath) ? path.substring(basePath.length()) : path,
                request.url().encodedQuery());
        budget.sent(cost);
        Response response = chain.proceed(request);
        budget.answered(answer(cost, response.code(), response::header));
        return response;
    }

    private Response batch(Chain chain, Request request) throws IOException {
        BatchParts.Exchange exchange = BatchParts.Exchange.of(request);
        List<BatchParts.Part> parts = exchange.sent();
        ExchangeCost total = ExchangeCost.NONE;
        for (BatchParts.Part part : parts) {
            total = total.plus(ExchangeCost.of(part.method(), part.path(), part.query()));
        }
        budget.sent(total);
        Response response = chain.proceed(request);
        if (!response.isSuccessful()) {
            // The envelope itself was refused: no part ran.
            budget.answered(answer(total, response.code(), response::header));
            return response;
        }
        exchange.forEachAnswered(response, (part, answered) -> budget.answered(
                answer(ExchangeCost.of(part.method(), part.path(), part.query()), answered.status(), answered::header)));
        return response;
    }

    private ExchangeAnswer answer(ExchangeCost cost, int status, Function<String, String> header) {
        Duration retryAfter = RetryAfter.parse(header.apply("Retry-After"), clock.instant());
        return new ExchangeAnswer(cost, status, retryAfter, percentage(header.apply("x-ms-throttle-limit-percentage")),
                header.apply("x-ms-throttle-scope"), header.apply("x-ms-throttle-information"));
    }

    private static Double percentage(String header) {
        if (header == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(header.trim());
            return value >= 0 && value <= 1 ? value : null;
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }
}
