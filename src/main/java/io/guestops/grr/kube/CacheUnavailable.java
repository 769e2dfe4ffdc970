package io.guestops.grr.kube;

/**
 * An informer cache the pass needs cannot be trusted (JOSDK empties them when it stops, on a
 * shutdown or a lost lease, while passes may still be running): the pass must not conclude anything
 * from it, writes nothing and is rescheduled.
 */
final class CacheUnavailable extends RuntimeException {

    CacheUnavailable(String message) {
        super(message);
    }
}
