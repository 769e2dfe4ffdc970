package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.guestops.grr.testkit.KubectlFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A watch narrowed by a label selector, as the API server's watch cache narrows it: an object whose
 * labels change so that it leaves the selection arrives as DELETED (its last selected state), one
 * that enters it as ADDED, and a change of one that stays selected as MODIFIED. This holds for
 * objects that were already selected when the watch started (a client lists first, then watches
 * from the list's resourceVersion), which is how a sharded operator's informer learns that a
 * relabelled resource moved to another shard.
 */
class LabelSelectedWatchTest {

    /** The embedded Kubernetes only: no emulator, no operator. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    /** One watch event as the client received it. */
    record Seen(Watcher.Action action, String name, String shard) {}

    /** A watch event and the resourceVersion it carried. */
    private record Event(Seen seen, long resourceVersion) {}

    /**
     * The events a real API server sends to a watch started at {@code listedAt}. The mock first
     * replays every selected object as ADDED whatever the resourceVersion (a known limit; informers
     * take such an ADDED of an object they hold as an update); those replays are left out here.
     */
    private static List<Seen> afterTheList(List<Event> events, long listedAt) {
        return events.stream().filter(e -> !(e.seen().action() == Watcher.Action.ADDED && e.resourceVersion() <= listedAt))
                .map(Event::seen).toList();
    }

    @Test
    void aWatchFromAListSeesObjectsMoveOutOfAndIntoTheSelection() {
        create("stays", "a");
        create("leaves", "a");
        create("enters", "b");
        create("elsewhere", "b");
        ConfigMapList listed = KUBERNETES.client().configMaps().withLabel("shard", "a").list();
        assertThat(listed.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("leaves", "stays");

        long listedAt = Long.parseLong(listed.getMetadata().getResourceVersion());
        List<Event> seen = new CopyOnWriteArrayList<>();
        try (Watch ignored = KUBERNETES.client().configMaps().withLabelSelector("shard in (a)")
                .watch(listed.getMetadata().getResourceVersion(), recorder(seen))) {
            relabel("stays", "a", Map.of("note", "changed"));
            relabel("leaves", "b", Map.of());
            relabel("enters", "a", Map.of());
            relabel("elsewhere", "c", Map.of());
            create("new", "a");

            await().atMost(Duration.ofSeconds(10)).until(() -> afterTheList(seen, listedAt).size() >= 4);
        }
        assertThat(afterTheList(seen, listedAt)).containsExactly(
                new Seen(Watcher.Action.MODIFIED, "stays", "a"),
                new Seen(Watcher.Action.DELETED, "leaves", "a"),
                new Seen(Watcher.Action.ADDED, "enters", "a"),
                new Seen(Watcher.Action.ADDED, "new", "a"));
    }

    @Test
    void anInformerWithASelectorForgetsARelabelledObjectAndLearnsTheOneRelabelledIn() {
        create("informed-out", "x");
        create("informed-in", "y");
        List<String> deleted = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = KUBERNETES.client().configMaps().withLabel("shard", "x").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                deleted.add(obj.getMetadata().getName());
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> names(informer).equals(List.of("informed-out")));

            relabel("informed-out", "y", Map.of());
            relabel("informed-in", "x", Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> names(informer).equals(List.of("informed-in")));
            assertThat(deleted).containsExactly("informed-out");
        } finally {
            informer.close();
        }
    }

    private static List<String> names(SharedIndexInformer<ConfigMap> informer) {
        return informer.getStore().list().stream().map(c -> c.getMetadata().getName()).sorted().toList();
    }

    private static Watcher<ConfigMap> recorder(List<Event> seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(new Event(new Seen(action, resource.getMetadata().getName(), resource.getMetadata().getLabels().get("shard")),
                        Long.parseLong(resource.getMetadata().getResourceVersion())));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    private static void create(String name, String shard) {
        KUBERNETES.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("shard", shard)
                .endMetadata().addToData("k", "v").build()).create();
    }

    private static void relabel(String name, String shard, Map<String, String> data) {
        KUBERNETES.client().configMaps().withName(name).edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("shard", shard)
                .endMetadata().addToData(data).build());
    }
}
