package io.guestops.grr.emulator.journal;

import java.util.ArrayList;
import java.util.List;

/** The append-only record of requests; thread-safe. */
public final class Journal {
    private final List<JournalEntry> entries = new ArrayList<>();

    public synchronized void add(JournalEntry entry) {
        entries.add(entry);
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
