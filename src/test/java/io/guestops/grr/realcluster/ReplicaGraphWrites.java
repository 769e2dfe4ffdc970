package io.guestops.grr.realcluster;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every Graph write each replica of the chaos run started, with the user it named and when the call
 * began and ended: what tells, for a write in the emulator's journal, which replica sent it (the
 * journal knows the application, not the process).
 */
final class ReplicaGraphWrites {

    /** One write call: {@code ended} is null while it is in flight. */
    record WriteCall(String replica, String operation, String userId, Instant started, Instant ended) {
        boolean covers(Instant received) {
            return !received.isBefore(started) && (ended == null || !received.isAfter(ended));
        }
    }

    private final ConcurrentLinkedQueue<WriteCall> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    void begin() {
        inFlight.incrementAndGet();
    }

    void ended(WriteCall call) {
        calls.add(call);
        inFlight.decrementAndGet();
    }

    /** Write calls begun and not yet answered (a killed replica's may still be on the wire). */
    int inFlight() {
        return inFlight.get();
    }

    List<WriteCall> calls() {
        return List.copyOf(calls);
    }

    /** The replicas whose write call on this user was open when Graph received the request. */
    List<String> sendersOf(String userId, Instant received) {
        return calls.stream().filter(c -> c.userId().equals(userId) && c.covers(received)).map(WriteCall::replica).distinct().toList();
    }
}
