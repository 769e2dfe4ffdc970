package io.guestops.grr.realcluster;

import java.util.Random;
import java.util.function.Supplier;

/** A replica killed (the leader half the time: a failover follows) and its replacement started, as a Deployment does. */
final class ReplicaKill implements ChaosFault {

    private final ReplicaFleet fleet;
    private final Supplier<String> leader;

    ReplicaKill(ReplicaFleet fleet, Supplier<String> leader) {
        this.fleet = fleet;
        this.leader = leader;
    }

    @Override
    public String kind() {
        return "replica kills";
    }

    @Override
    public void inject(Random random) {
        fleet.killAndReplace(leader.get(), random.nextBoolean());
    }
}
