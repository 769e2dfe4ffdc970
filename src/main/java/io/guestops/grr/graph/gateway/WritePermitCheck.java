package io.guestops.grr.graph.gateway;

import java.io.IOException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Innermost of the SDK's middleware, after its retry handler: every attempt of a write made under
 * {@link WritePermit#during} asks the permit, and a refused one ends as a request that never left
 * ({@link WriteNotPermitted}), so Graph cannot have acted on it. Reads, and the {@code $batch} of
 * reads, pass.
 */
public final class WritePermitCheck implements Interceptor {

    static final ThreadLocal<WritePermit> CURRENT = new ThreadLocal<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        WritePermit permit = CURRENT.get();
        String method = chain.request().method();
        if (permit != null && !"GET".equals(method) && !chain.request().url().encodedPath().endsWith("/$batch")) {
            Optional<String> refusal = permit.refusal();
            if (refusal.isPresent()) {
                throw new WriteNotPermitted(refusal.get());
            }
        }
        return chain.proceed(chain.request());
    }

    /** A write stopped before it left: provably not sent. */
    public static final class WriteNotPermitted extends IOException {
        public WriteNotPermitted(String why) {
            super("not sent: " + why);
        }
    }
}
