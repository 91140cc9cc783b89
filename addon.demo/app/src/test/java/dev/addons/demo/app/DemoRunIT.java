package dev.addons.demo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the exported application jar as a user would, without a terminal, and checks what it prints: the random
 * walk of each context follows the reference page's arithmetic, the cleanup hooks print in order, and the cycles'
 * summary reports no leak.
 */
class DemoRunIT {

    private static final Pattern WALK =
            Pattern.compile("(Main thread|Worker thread): new value \\((incremented|decremented)\\): (-?\\d+)");
    private static final int CYCLES = 100;
    private static Path jar;

    /** What one run printed. */
    record Run(int exit, List<String> out, String err) {
        String text() {
            return String.join("\n", out);
        }
    }

    @BeforeAll
    static void findJar() {
        jar = Paths.get(System.getProperty("addon.demo.jar", "target/addon-demo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
    }

    @Test
    void noShellRunPlaysTheScenarioAndReportsNoLeak() throws Exception {
        Run run = run("--no-shell", "--cycles", Integer.toString(CYCLES));
        String text = run.text();
        assertEquals(0, run.exit(), "exit status; output:\n" + text + "\nerrors:\n" + run.err());

        // 1. Each context's values follow the page's arithmetic from 0, 1001 calls each (iterations 1000..0).
        for (String prefix : List.of("Main thread", "Worker thread")) {
            double value = 0.0;
            int lines = 0;
            for (String line : run.out()) {
                Matcher m = WALK.matcher(line);
                if (!m.matches() || !m.group(1).equals(prefix)) {
                    continue;
                }
                value = modify(value, m.group(2).equals("incremented") ? 1.0 : -1.0);
                assertEquals((int) value, Integer.parseInt(m.group(3)),
                        prefix + ", call " + (lines + 1) + ": the page's arithmetic gives " + (int) value + ": "
                                + line);
                lines++;
            }
            assertEquals(1001, lines, prefix + " lines");
        }
        assertTrue(text.contains("Worker thread context closed: 1 context closed, 1 finalizer run"), text);

        // 2. The hooks, newest first, right after the stop is announced.
        int header = indexOf(run.out(), "== 2. Cleanup hooks: stopping addon.demo.cleanuphooks");
        assertEquals(List.of("cleanup(4)", "cleanup(3)", "cleanup(2)", "cleanup(1)"),
                run.out().subList(header + 1, header + 5), text);
        assertTrue(text.contains("stop() returned: 1 context closed, 4 cleanup hooks run"), text);

        // 3. The cycles' summary.
        assertTrue(text.contains("): " + CYCLES + " of " + CYCLES), text);
        assertLine(run, "call:", "multiple_load.increment() -> 1 (" + CYCLES + " of " + CYCLES + " cycles)");
        assertLine(run, "contexts created / closed / left open:", CYCLES + " / " + CYCLES + " / 0");
        assertLine(run, "cleanup hooks run:", "0 (0 per cycle expected, every cycle)");
        assertLine(run, "finalizers run:", CYCLES + " (1 per cycle expected, every cycle)");
        assertLine(run, "module file mapped (/proc/self/maps):", "before start 0/" + CYCLES + ", while started "
                + CYCLES + "/" + CYCLES + ", after stop 0/" + CYCLES + ", after refresh 0/" + CYCLES);
        assertLine(run, "modules the loader kept mapped:", "0");
        assertLine(run, "verdict:", "no leak");
        assertFalse(text.contains("problem:"), text);

        // 4. A file compressed on the async pool: a progress line per 64 KiB chunk, in order, up to 100%.
        int zlib = indexOf(run.out(), "== 4. Asynchronous work: zlib_async.compressFile of a 512 KiB file");
        List<String> progress = run.out().subList(zlib + 1, zlib + 9);
        for (int chunk = 1; chunk <= 8; chunk++) {
            assertEquals(String.format(Locale.ROOT, "  progress %3d%%  %,d of 524,288 bytes",
                    100 * chunk / 8, chunk * 65536), progress.get(chunk - 1), text);
        }
        assertTrue(run.out().get(zlib + 9).matches("compressFile answered .*sample\\.txt\\.z: 524,288 -> [0-9,]+ bytes"
                + " in [0-9.]+ ms"), text);
        assertEquals("inflated with java.util.zip: the same bytes as the input", run.out().get(zlib + 10), text);
        assertTrue(run.out().contains("addon-demo: ok, nothing leaked"), text);

        // No native-access warning on JDK 22+: Enable-Native-Access in the jar's manifest covers it. (JDK 24+ still
        // warns once that Felix 7.0.5 calls sun.misc.Unsafe in its static initializer: not ours to silence.)
        assertFalse(run.err().contains("restricted method"), run.err());
        assertFalse(run.err().contains("enable-native-access"), run.err());
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("WARNING:") && l.contains("Unsafe")
                || l.startsWith("WARNING: Please consider reporting this to the maintainers of class"
                        + " org.apache.felix")),
                "nothing on standard error but Felix's Unsafe warning: " + run.err());
        assertFalse(text.contains("Gogo"), "no console without --shell: " + text);
    }

    @Test
    void withoutTerminalTheDefaultIsNoShell() throws Exception {
        // Standard input is a pipe here, not a terminal: the run ends by itself instead of waiting in the console.
        Run run = run("--cycles", "3", "--iterations", "5");
        assertEquals(0, run.exit(), run.text() + run.err());
        assertEquals(12, run.out().stream().filter(l -> WALK.matcher(l).matches()).count(), run.text());
        assertLine(run, "verdict:", "no leak");
    }

    @Test
    void badArgumentsGiveTheUsageAndStatus2() throws Exception {
        Run run = run("--cycles", "many");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--cycles needs a number >= 0, not 'many'"), run.err());
        assertTrue(run.err().contains("usage: java -jar addon-demo.jar"), run.err());
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.text().contains("--no-shell"), help.text());
    }

    /** The page's ModifyAddonData, in Java. */
    static double modify(double value, double offset) {
        double v = Math.tan(Math.atan(Math.exp(Math.log(Math.sqrt(value * value))))) + offset;
        return (double) (((int) v) + (v - ((double) (int) v) > 0.5 ? 1 : 0));
    }

    private static void assertLine(Run run, String label, String value) {
        for (String line : run.out()) {
            if (line.trim().startsWith(label)) {
                assertEquals(value, line.trim().substring(label.length()).trim(), line);
                return;
            }
        }
        fail("no line '" + label + "' in:\n" + run.text());
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        fail("no line starting with '" + prefix + "' in:\n" + String.join("\n", lines));
        return -1;
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close(); // no input, and no terminal
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread outReader = new Thread(() -> copy(process.getInputStream(), out));
        outReader.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the application did not end within 5 minutes: " + command + "\n" + out);
        }
        outReader.join();
        errReader.join();
        return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
