package io.guestops.grr.emulator;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link GraphEmulator}. Defaults: random port, the bundled sample seed, Graph's
 * published throttling limits, the system clock, no faults, random seed 42 for probabilistic faults.
 */
public final class EmulatorOptions {
    /**
     * Graph's lifetime of a delta link for identity resources (users, groups): seven days, announced in
     * https://devblogs.microsoft.com/microsoft365dev/duration-of-change-tracking-tokens-for-identity-and-education-resources/
     */
    public static final Duration DEFAULT_DELTA_TOKEN_LIFETIME = Duration.ofDays(7);

    private int port;
    private Seed seed;
    private ThrottleLimits limits = ThrottleLimits.graphDefaults();
    private Clock clock = Clock.systemUTC();
    private long randomSeed = 42;
    private Duration replicationLag = Duration.ZERO;
    private Duration readReplicaLag = Duration.ZERO;
    private Duration networkLatency = Duration.ZERO;
    private Duration deltaTokenLifetime = DEFAULT_DELTA_TOKEN_LIFETIME;
    private final List<FaultRule> faults = new ArrayList<>();

    public static EmulatorOptions defaults() {
        return new EmulatorOptions();
    }

    /** 0 picks a free port. */
    public EmulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        this.port = port;
        return this;
    }

    public EmulatorOptions seed(Seed seed) {
        this.seed = Objects.requireNonNull(seed);
        return this;
    }

    public EmulatorOptions seedYaml(String yaml) {
        return seed(Seed.parse(yaml));
    }

    public EmulatorOptions seedFile(Path file) {
        return seed(Seed.load(file));
    }

    public EmulatorOptions throttling(ThrottleLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    public EmulatorOptions clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /** Seed of the Random behind probabilistic faults, so chaos runs are repeatable. */
    public EmulatorOptions randomSeed(long randomSeed) {
        this.randomSeed = randomSeed;
        return this;
    }

    /**
     * Simulates the replication lag public reports describe (unconfirmed by Microsoft): for this
     * long after a PATCH of mail/otherMails, POST /invitations with resetRedemption still checks
     * the previous addresses and answers the "email doesn't match" 400. Default zero (off).
     */
    public EmulatorOptions replicationLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("replication lag cannot be negative");
        }
        this.replicationLag = lag;
        return this;
    }

    /**
     * Reads after a write may come from a replica that has not seen it (eventual consistency): for
     * this long after a PATCH of mail/otherMails, every read of the user (one, a list or a batch part)
     * shows its addresses as they were before it, although the PATCH was answered 204 and is
     * committed. Default zero (off).
     */
    public EmulatorOptions readReplicaLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("read replica lag cannot be negative");
        }
        this.readReplicaLag = lag;
        return this;
    }

    /**
     * Latency of the network between client and Graph: added once to every HTTP exchange with the
     * Graph or token routes, so a {@code $batch} costs one round trip however many requests it
     * carries (a latency fault instead delays each request, batch parts included). Default zero.
     */
    public EmulatorOptions networkLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("network latency cannot be negative");
        }
        this.networkLatency = latency;
        return this;
    }

    /**
     * How long a users/delta deltaLink stays valid after it was issued; following it later answers
     * 410 Gone with code syncStateNotFound (https://learn.microsoft.com/graph/delta-query-overview).
     * Default {@link #DEFAULT_DELTA_TOKEN_LIFETIME}, as Graph documents for users.
     */
    public EmulatorOptions deltaTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("delta token lifetime must be positive");
        }
        this.deltaTokenLifetime = lifetime;
        return this;
    }

    public EmulatorOptions fault(FaultRule rule) {
        faults.add(Objects.requireNonNull(rule));
        return this;
    }

    int port() {
        return port;
    }

    Seed seed() {
        return seed != null ? seed : Seed.sample();
    }

    ThrottleLimits limits() {
        return limits;
    }

    Clock clock() {
        return clock;
    }

    long randomSeed() {
        return randomSeed;
    }

    Duration replicationLag() {
        return replicationLag;
    }

    Duration readReplicaLag() {
        return readReplicaLag;
    }

    Duration deltaTokenLifetime() {
        return deltaTokenLifetime;
    }

    Duration networkLatency() {
        return networkLatency;
    }

    List<FaultRule> faults() {
        return List.copyOf(faults);
    }
}
