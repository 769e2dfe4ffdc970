package io.guestops.grr.realcluster;

import java.util.Random;

/** A rolling update of the operator's Deployment: every replica replaced, one at a time. */
final class RollingRestart implements ChaosFault {

    private final ReplicaFleet fleet;

    RollingRestart(ReplicaFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public String kind() {
        return "rolling restarts";
    }

    @Override
    public void inject(Random random) {
        fleet.rollingRestart();
    }
}
