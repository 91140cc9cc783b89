package dev.addons.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end or to a timeout, whichever comes first. Its output goes to temporary files rather than
 * pipes: a process that hangs (or a child of it holding the pipe) cannot block the reader, so the timeout holds.
 */
final class TimedProcess {

    private TimedProcess() {
    }

    /**
     * Runs {@code command} with no input.
     *
     * @throws IllegalStateException if it did not exit within {@code timeout} (it and its descendants are then
     *         killed, and gone when this returns), or if this thread was interrupted (the same)
     * @throws UncheckedIOException if it could not be started
     */
    static ProcessResult run(List<String> command, Duration timeout) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("addon-testsupport-stdout", ".txt");
            stderr = Files.createTempFile("addon-testsupport-stderr", ".txt");
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            if (!waitFor(process, timeout, command)) {
                kill(process);
                throw new IllegalStateException(String.join(" ", command) + " did not exit within " + timeout
                        + ": killed it; its output so far:\n" + read(stdout) + "\nstderr:\n" + read(stderr));
            }
            return new ProcessResult(command, process.exitValue(), read(stdout), read(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static boolean waitFor(Process process, Duration timeout, List<String> command) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted while waiting for it; killed it",
                    e);
        }
    }

    /** Kills the process and what it started, and waits until the process is gone (not a zombie of ours). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file left behind harms nothing; the result (or the error being thrown) matters more.
        }
    }
}
