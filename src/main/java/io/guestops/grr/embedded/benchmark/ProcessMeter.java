package io.guestops.grr.embedded.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * CPU time and heap of this process. The benchmark runs the contender, the embedded Kubernetes and
 * the emulator in one JVM, so both figures include the stand-ins; they compare contenders on equal
 * terms rather than measure the operator alone.
 */
final class ProcessMeter {

    private ProcessMeter() {
    }

    static Duration cpuTime() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Duration.ofNanos(os.getProcessCpuTime());
        }
        return Duration.ZERO;
    }

    /** Heap in use after a collection, so what is left is what the run still holds. */
    static long heapAfterCollection() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
