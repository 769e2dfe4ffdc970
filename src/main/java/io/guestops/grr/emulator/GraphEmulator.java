package io.guestops.grr.emulator;

import io.guestops.grr.emulator.admin.AdminApi;
import io.guestops.grr.emulator.api.GraphRouter;
import io.guestops.grr.emulator.auth.AccessTokens;
import io.guestops.grr.emulator.auth.TokenEndpoint;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryView;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.Faults;
import io.guestops.grr.emulator.journal.Journal;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.server.HttpsFrontend;
import io.guestops.grr.emulator.server.RequestPipeline;
import io.guestops.grr.emulator.throttle.Throttler;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import io.guestops.grr.emulator.wire.ApiRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A strict, in-process stand-in for the part of Microsoft Graph v1.0 and the Entra ID token
 * endpoint the operator uses, served over HTTPS on the loopback interface with a self-signed
 * certificate made at start. Graph routes are under {@code graphEndpoint() + "/v1.0"}, the token
 * endpoint at {@code authorityHost() + "/{tenant}/oauth2/v2.0/token"}, and test-only admin routes
 * (no token needed) under {@code /_emulator}.
 */
public final class GraphEmulator implements AutoCloseable {
    private final SelfSignedCertificate certificate;
    private final Directory directory;
    private final Journal journal = new Journal();
    private final Faults faults;
    private final Throttler throttler;
    private final Clock clock;
    private final Seed initialSeed;
    private final HttpsFrontend frontend;

    private GraphEmulator(EmulatorOptions options) throws IOException {
        this.clock = options.clock();
        this.initialSeed = options.seed();
        this.certificate = SelfSignedCertificate.forLocalhost();
        this.directory = new Directory(initialSeed);
        this.faults = new Faults(options.randomSeed());
        options.faults().forEach(faults::add);
        this.throttler = new Throttler(options.limits(), clock);
        AtomicReference<String> base = new AtomicReference<>();
        AccessTokens tokens = new AccessTokens(clock);
        RequestPipeline pipeline = new RequestPipeline(directory, tokens,
                new TokenEndpoint(directory, tokens, clock, base::get),
                new GraphRouter(directory, clock, base::get, options.replicationLag(),
                        options.readReplicaLag(), options.deltaTokenLifetime()), throttler, faults, journal,
                new AdminApi(directory, journal, faults, this::reset, () -> initialSeed, clock), clock);
        Duration latency = options.networkLatency();
        this.frontend = new HttpsFrontend(options.port(), certificate.serverContext(),
                request -> pipeline.dispatch(afterNetworkLatency(request, latency)));
        base.set("https://localhost:" + frontend.port());
    }

    /** Holds a Graph or token request for the network's latency; admin paths are not on that network. */
    private static ApiRequest afterNetworkLatency(ApiRequest request, Duration latency) {
        if (!latency.isZero() && !request.path().startsWith(AdminApi.PREFIX)) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return request;
    }

    public static GraphEmulator start(EmulatorOptions options) {
        try {
            return new GraphEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Graph emulator on port " + options.port() + ": " + e.getMessage(), e);
        }
    }

    /** e.g. https://localhost:8443 — Graph routes are under /v1.0. */
    public String graphEndpoint() {
        return "https://localhost:" + frontend.port();
    }

    /** e.g. https://localhost:8443 — the token endpoint is /{tenant}/oauth2/v2.0/token. */
    public String authorityHost() {
        return graphEndpoint();
    }

    public int port() {
        return frontend.port();
    }

    public X509Certificate trustedCertificate() {
        return certificate.certificate();
    }

    public void writeCertificatePem(Path file) {
        try {
            certificate.writeCertificatePem(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator certificate to " + file + ": " + e.getMessage(), e);
        }
    }

    public List<JournalEntry> journal() {
        return journal.entries();
    }

    public void clearJournal() {
        journal.clear();
    }

    public DirectoryView directory() {
        return directory;
    }

    public Faults faults() {
        return faults;
    }

    public Throttler throttling() {
        return throttler;
    }

    /**
     * Simulates the guest redeeming its invitation with {@code email} (null = its mail):
     * externalUserState becomes Accepted. False when there is no such user.
     */
    public boolean redeem(String userId, String email) {
        return directory.redeem(userId, email, clock.instant()).isPresent();
    }

    /**
     * An admin's changes in the portal, which Graph's API rules do not bind: a directory role for a
     * principal, and a user's otherMails (later /users/delta rounds report the user as changed).
     */
    public void assignRole(DirectoryRoleAssignment assignment) {
        directory.assignRole(assignment);
    }

    public boolean setOtherMails(String userId, List<String> otherMails) {
        return directory.user(userId).map(user -> {
            directory.put(user.withOtherMails(otherMails));
            return true;
        }).orElse(false);
    }

    /** Removes a user (later /users/delta rounds report it as removed). */
    public boolean removeUser(String id) {
        return directory.remove(id);
    }

    /**
     * Replaces the whole directory state and starts throttling and the journal afresh. Faults are
     * left as they are. Users missing from the new seed show up as removed in /users/delta.
     */
    public void reset(Seed seed) {
        directory.replace(seed);
        throttler.reset();
        journal.clear();
    }

    @Override
    public void close() {
        frontend.close();
    }
}
