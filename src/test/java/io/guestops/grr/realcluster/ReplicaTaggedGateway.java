package io.guestops.grr.realcluster;

import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.ResetInvitation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One replica's Graph gateway (the real SDK gateway) as the chaos run sees it: each write is noted
 * with the replica's identity and its start and end, so the emulator journal's requests can be
 * traced to the replica that sent them; and once the replica's process is gone (killed, or exited
 * on losing its Lease as production's exit-on-stop-leading does) nothing more leaves it, as nothing
 * leaves a dead process. Requests already on the wire still land, as they would.
 * <p>
 * Every call goes through one place ({@link #invoke}), by what it is: a write, a read, or neither
 * (the budget, close). Each method of {@link GraphGateway} is named below as one of these; a method
 * added to the interface stops the class from loading until it is, so no new write can go unnoted.
 */
final class ReplicaTaggedGateway implements InvocationHandler {

    /** The writes, by gateway method, and what each is noted as. */
    private static final Map<String, String> WRITES = Map.of(
            "updateEmails", "PATCH user",
            "resetRedemption", "POST invitation",
            "createResetNote", "POST note",
            "updateResetNote", "PATCH note",
            "deleteResetNote", "DELETE note");

    /** The reads: none leaves a process that is gone. */
    private static final Set<String> READS = Set.of("getUser", "findUsersByMail", "findGuestsInvitedAs", "findAddressHolders",
            "memberGroups", "verifiedDomains", "readGuest", "directoryRoleAssignments", "readResetNotes", "usersDelta");

    /** Neither: they send nothing to Graph. */
    private static final Set<String> LOCAL = Set.of("budget", "close");

    static {
        Arrays.stream(GraphGateway.class.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName)
                .filter(name -> !WRITES.containsKey(name) && !READS.contains(name) && !LOCAL.contains(name)).findFirst()
                .ifPresent(name -> {
                    throw new IllegalStateException("GraphGateway." + name + " is neither a write, a read nor local here: say which");
                });
    }

    private final GraphGateway sdk;
    private final String replica;
    private final ReplicaGraphWrites writes;
    private final BooleanSupplier processGone;

    private ReplicaTaggedGateway(GraphGateway sdk, String replica, ReplicaGraphWrites writes, BooleanSupplier processGone) {
        this.sdk = sdk;
        this.replica = replica;
        this.writes = writes;
        this.processGone = processGone;
    }

    /** {@code sdk} as replica {@code replica}'s gateway: its writes noted in {@code writes}, nothing sent once {@code processGone}. */
    static GraphGateway of(GraphGateway sdk, String replica, ReplicaGraphWrites writes, BooleanSupplier processGone) {
        return (GraphGateway) Proxy.newProxyInstance(GraphGateway.class.getClassLoader(), new Class<?>[] {GraphGateway.class},
                new ReplicaTaggedGateway(sdk, replica, writes, processGone));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String write = WRITES.get(method.getName());
        if (write != null && !processGone.getAsBoolean()) {
            return noted(write, userNamedBy(args[0]), method, args);
        }
        if ((write != null || READS.contains(method.getName())) && processGone.getAsBoolean()) {
            return method.getReturnType() == GuestReads.class ? new GuestReads(gone(), null, null) : gone();
        }
        return forwarded(method, args);
    }

    private Object noted(String operation, String userId, Method method, Object[] args) throws Throwable {
        writes.begin();
        Instant started = Instant.now();
        try {
            return forwarded(method, args);
        } finally {
            writes.ended(new ReplicaGraphWrites.WriteCall(replica, operation, userId, started, Instant.now()));
        }
    }

    private Object forwarded(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(sdk, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The user a write names: its first argument, or the invitation's user. */
    private static String userNamedBy(Object firstArgument) {
        return firstArgument instanceof ResetInvitation invitation ? invitation.userId() : (String) firstArgument;
    }

    /** What a thread of a dead process would see, if it could see anything: the request never left. */
    private static <T> GraphResult<T> gone() {
        return new GraphResult.Failed<>(new GraphFailure.Transient(503, "the replica's process is gone", Duration.ofSeconds(1), null));
    }
}
