package dev.addons.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The soak run (not part of {@code mvn verify}: surefire's default includes skip this class name): the
 * {@link StressTest}'s random lifecycle for {@code -Dsoak.minutes} minutes (default 10), one minute at a time,
 * printing after each minute the operations done, the unexpected outcomes, the process's RSS and what is mapped
 * (copies of the runtime library libaddonrt, extracted addon libraries and isolated copies), so that a leak shows
 * as a trend. At the end the stress test's checks run: nothing open, nothing mapped, no unexpected outcome.
 *
 * <pre>mvn -B -ntp -o -pl addon.embedded -am verify -Dtest=Soak -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsoak.minutes=10</pre>
 *
 * <p>See docs/soak.md for a run's figures.
 */
class Soak {

    private static final String STORAGE = "soak";

    @Test
    void randomLifecycleForMinutes() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Frameworks.factory(Frameworks.FELIX);
        int minutes = Math.max(1, Integer.getInteger("soak.minutes", 10));
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Instant began = Instant.now();
        print("start", began, null);
        try (RandomLifecycle lifecycle = RandomLifecycle.start(STORAGE, seed)) {
            print("framework up", began, lifecycle);
            for (int minute = 1; minute <= minutes; minute++) {
                lifecycle.run(60);
                print("minute " + minute + "/" + minutes, began, lifecycle);
            }
            System.out.println("soak: " + lifecycle.summary());
            if (lifecycle.unexpected() > 0) {
                System.out.println("soak: first unexpected outcomes:\n" + String.join("\n", lifecycle.firstErrors()));
            }
            lifecycle.finish(); // the stress test's checks; stops the framework
            print("end (framework stopped)", began, lifecycle);
        }
    }

    private static void print(String when, Instant began, RandomLifecycle lifecycle) {
        String storage = Frameworks.storage(STORAGE) + "/";
        long runtimeLibraries = Frameworks.mappedRuntimeLibraries().size();
        long addonLibraries = Frameworks.mapped(f -> f.startsWith(storage)
                && !Paths.get(f).getFileName().toString().startsWith("libaddonrt")).size();
        System.out.printf("soak: %-24s t=%5ds operations=%d unexpected=%d rss=%.1f MiB mapped: libaddonrt=%d,"
                + " addon libraries=%d, all mappings=%d%n", when, Duration.between(began, Instant.now()).toSeconds(),
                lifecycle == null ? 0 : lifecycle.operations(), lifecycle == null ? 0 : lifecycle.unexpected(),
                residentKib() / 1024.0, runtimeLibraries, addonLibraries, mappingLines());
    }

    private static long mappingLines() {
        try (Stream<String> lines = Files.lines(Paths.get("/proc/self/maps"))) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmRSS from /proc/self/status (addon.impl, which has a reader for it, is not on this class path). */
    private static long residentKib() {
        try (Stream<String> lines = Files.lines(Paths.get("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
