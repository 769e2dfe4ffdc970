package io.guestops.grr.graph.gateway;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a Graph write may leave now, asked before every attempt of it: the SDK's own retries of
 * an idempotent write (after a 429 or a 503, up to a few seconds later) included. The operator's
 * leader-election fence is one; without it every write may leave.
 */
@FunctionalInterface
public interface WritePermit {

    /** Empty when the write may be sent now; otherwise why not. */
    Optional<String> refusal();

    /**
     * Runs {@code call} so that each write attempt it makes asks {@code permit} first. The SDK sends
     * a call's attempts on the calling thread (Kiota's OkHttp adapter executes synchronously), so
     * the permit travels with the thread; it is set only around the call.
     */
    static <T> T during(WritePermit permit, Supplier<T> call) {
        WritePermit before = WritePermitCheck.CURRENT.get();
        WritePermitCheck.CURRENT.set(permit);
        try {
            return call.get();
        } finally {
            if (before == null) {
                WritePermitCheck.CURRENT.remove();
            } else {
                WritePermitCheck.CURRENT.set(before);
            }
        }
    }
}
