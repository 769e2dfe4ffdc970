package io.guestops.grr.graph.gateway;

/** What a lost or failed exchange means for a call: reads and idempotent writes can simply be repeated. */
public enum CallKind {
    /** A GET: repeating it is harmless. */
    READ,
    /** A PATCH with complete values: repeating it yields the same state. */
    IDEMPOTENT_WRITE,
    /**
     * The reset POST and a reset note's creation: must not be repeated unless Graph's state shows it
     * did not happen.
     */
    WRITE_ONCE
}
