package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.KubectlFixture;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Graph write leaves an Event, the audit trail users read with kubectl describe. When the API
 * server refuses that Event, the write must still be on record: the operator's log says, as an
 * ERROR, which resource it was and what was written.
 */
class EventRecorderTest {

    /** The embedded Kubernetes only: started once for the class, for the tests that need an API server. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    /** The recorder logs through slf4j-jdk14, so its lines are java.util.logging records. */
    private static final Logger RECORDER_LOG = Logger.getLogger(EventRecorder.class.getName());

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheRecordersLog() {
        RECORDER_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        RECORDER_LOG.removeHandler(capture);
    }

    @Test
    void anEventTheApiServerRefusesIsLoggedAsAnErrorNamingTheResourceAndTheWrite() {
        EventNote reset = new EventNote(false, "RedemptionReset", "Reset the redemption of user "
                + "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01 to alex@new.example (invitation 8d0c1b1e, status PendingAcceptance).");

        EmbeddedKubernetes kubernetes = KUBERNETES.kubernetes();
        // its namespace was deleted while the pass ran: the API server refuses the Event (404)
        new EventRecorder(kubernetes.client(), Clock.systemUTC()).record(resourceIn("gone", "alex"), reset);

        assertThat(logged).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(line.getMessage()).contains("gone/alex", "RedemptionReset", reset.message(), "HTTP 404");
        });
    }

    private static GuestRedemptionReset resourceIn(String namespace, String name) {
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withUid("0f5e6d7c-2b0f-4c3b-9a8e-6c1b2a1e1d2f").build());
        return resource;
    }
}
