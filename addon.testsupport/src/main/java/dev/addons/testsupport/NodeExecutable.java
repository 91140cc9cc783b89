package dev.addons.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The {@code node} a differential test compares with (Node is the oracle): the one named by
 * {@code -Daddon.node=}, else the first executable {@code node} in a directory of the PATH.
 *
 * <p>Where there is none, {@link #require} skips the test, saying how to install node, unless the environment
 * requires node ({@link NodeEnvironment#required()}: {@code CI} set, or {@code -Daddon.node.required=true}); then it
 * fails it. No differential test is skipped silently in CI. See docs/testing.md.
 */
public final class NodeExecutable {

    private static final String INSTALL_HINT = "install Node.js (Debian/Ubuntu: apt-get install nodejs; elsewhere "
            + "https://nodejs.org/) or name it with -D" + NodeEnvironment.OVERRIDE_PROPERTY + "=/path/to/node";
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);

    private final Path path;
    private volatile String version;

    private NodeExecutable(Path path) {
        this.path = path;
    }

    /** The node of this JVM's environment, or empty where there is none. */
    public static Optional<NodeExecutable> find() {
        return find(NodeEnvironment.current());
    }

    /**
     * The node of {@code environment}, or empty where there is none.
     *
     * @throws IllegalStateException if {@code -Daddon.node=} names something that is not an executable file (an
     *         explicit choice that does not work is an error, never a skip)
     */
    public static Optional<NodeExecutable> find(NodeEnvironment environment) {
        String override = environment.override();
        if (override != null && !override.isBlank()) {
            Path named = override.contains(File.separator) ? Path.of(override).toAbsolutePath()
                    : onPath(override, environment.path()).orElse(Path.of(override));
            if (!Files.isRegularFile(named) || !Files.isExecutable(named)) {
                throw new IllegalStateException("-D" + NodeEnvironment.OVERRIDE_PROPERTY + "=" + override
                        + ": " + named + " is not an executable file");
            }
            return Optional.of(new NodeExecutable(named));
        }
        return onPath("node", environment.path()).map(NodeExecutable::new);
    }

    /**
     * The node of this JVM's environment, for the test {@code what}.
     *
     * @param what the test that needs node, for the messages (e.g. "InspectNodeTest: Inspect against util.inspect")
     * @throws TestAbortedException where there is no node and it is not required: the test is reported as skipped,
     *         with a message saying how to install node
     * @throws AssertionFailedError where there is no node and it is required: the test fails, saying why
     */
    public static NodeExecutable require(String what) {
        return require(what, NodeEnvironment.current());
    }

    /** {@link #require(String)} in {@code environment}. */
    public static NodeExecutable require(String what, NodeEnvironment environment) {
        Optional<NodeExecutable> node = find(environment);
        if (node.isPresent()) {
            return node.get();
        }
        failIfRequired(what, environment);
        throw new TestAbortedException(what + " is skipped: " + notFound(environment) + "; " + INSTALL_HINT
                + " (with CI set or -D" + NodeEnvironment.REQUIRED_PROPERTY + "=true a missing node fails the test)");
    }

    /**
     * For a test that has its own way on without node (such as addon.conformance's committed Node output): fails
     * where node is required, returns otherwise. Call it where node was not found.
     *
     * @throws AssertionFailedError where the environment requires node
     */
    public static void failIfRequired(String what) {
        failIfRequired(what, NodeEnvironment.current());
    }

    /** {@link #failIfRequired(String)} in {@code environment}. */
    public static void failIfRequired(String what, NodeEnvironment environment) {
        Optional<String> reason = environment.reasonRequired();
        if (reason.isPresent()) {
            throw new AssertionFailedError(what + " needs node, and node is required because " + reason.get() + ": "
                    + notFound(environment) + "; " + INSTALL_HINT + " (.ci/run installs Debian's nodejs)");
        }
    }

    /** The executable. */
    public Path path() {
        return path;
    }

    /** What {@code node --version} prints (e.g. {@code v20.20.2}), {@code ?} if it prints nothing; asked once. */
    public String version() {
        String v = version;
        if (v == null) {
            List<String> lines = runSuccessfully(VERSION_TIMEOUT, "--version").stdoutLines();
            v = lines.isEmpty() ? "?" : lines.get(0).trim();
            version = v;
        }
        return v;
    }

    /**
     * Runs node with {@code arguments} (a script and its arguments, or options), whatever its exit value.
     *
     * @throws IllegalStateException if it did not exit within {@code timeout}: it is killed, with what it started
     */
    public ProcessResult run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(arguments));
        return TimedProcess.run(command, timeout);
    }

    /**
     * {@link #run}, which must exit with 0. What node wrote to stderr is copied to this JVM's stderr, so that its
     * warnings show in the test's log.
     *
     * @throws IllegalStateException if it did not exit within {@code timeout}, or exited with another value (the
     *         message has the command, the value and both outputs)
     */
    public ProcessResult runSuccessfully(Duration timeout, String... arguments) {
        ProcessResult result = run(timeout, arguments);
        if (!result.stderr().isEmpty()) {
            System.err.print(result.stderr());
        }
        if (result.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", result.command()) + " exited with "
                    + result.exitValue() + "; stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        }
        return result;
    }

    @Override
    public String toString() {
        return path.toString();
    }

    private static Optional<Path> onPath(String name, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String notFound(NodeEnvironment environment) {
        return "node not found (no executable `node` in the directories of PATH=" + environment.path() + ", no -D"
                + NodeEnvironment.OVERRIDE_PROPERTY + "= given)";
    }
}
