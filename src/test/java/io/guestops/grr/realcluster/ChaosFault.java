package io.guestops.grr.realcluster;

import java.util.Random;

/**
 * One kind of fault the scale chaos run injects at its seeded moments: a control-plane restart, a
 * replica killed, a rolling restart, or whatever a fault source in front of the API server offers.
 * The run does not know the kinds; it asks each for its name and injects it.
 */
interface ChaosFault {

    /** The name the run's summary counts this fault under. */
    String kind();

    /** Injects the fault once; returns when it is over (a restarted server answers again). */
    void inject(Random random);
}
