package io.guestops.grr.graph.gateway;

import java.util.function.Function;

/** The outcome of one Graph call: a value, or a {@link GraphFailure} the caller can act on. */
public sealed interface GraphResult<T> permits GraphResult.Success, GraphResult.Failed {

    /** Graph's {@code request-id} of the (last) HTTP exchange, or null when no response came. */
    String requestId();

    /** A call Graph answered with 2xx. */
    record Success<T>(T value, String requestId) implements GraphResult<T> {}

    /** A call that did not succeed, and why. */
    record Failed<T>(GraphFailure failure) implements GraphResult<T> {
        public String requestId() {
            return failure.requestId();
        }
    }

    static <T> GraphResult<T> success(T value, String requestId) {
        return new Success<>(value, requestId);
    }

    static <T> GraphResult<T> failed(GraphFailure failure) {
        return new Failed<>(failure);
    }

    default boolean isSuccess() {
        return this instanceof Success<T>;
    }

    /** The value of a success; throws {@link IllegalStateException} on a failure. */
    default T value() {
        if (this instanceof Success<T> success) {
            return success.value();
        }
        throw new IllegalStateException("not a success: " + this);
    }

    /** The failure; throws {@link IllegalStateException} on a success. */
    default GraphFailure failure() {
        if (this instanceof Failed<T> failed) {
            return failed.failure();
        }
        throw new IllegalStateException("not a failure");
    }

    /** Maps the value of a success; a failure passes through unchanged. */
    default <R> GraphResult<R> map(Function<T, R> mapper) {
        if (this instanceof Success<T> success) {
            return new Success<>(mapper.apply(success.value()), success.requestId());
        }
        return new Failed<>(failure());
    }
}
