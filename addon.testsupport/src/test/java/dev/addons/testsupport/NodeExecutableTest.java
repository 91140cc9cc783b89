package dev.addons.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Finding node, the skip-or-fail policy and running, with fake `node` shell scripts in temporary directories. */
class NodeExecutableTest {

    private static final Duration ENOUGH = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void findsTheFirstExecutableNodeOnThePath() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path notExecutable = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(notExecutable.resolve("node"), "not a program\n");
        Path bin = fakeNode("bin", "echo v99.1.0");
        Path later = fakeNode("later", "echo v1.0.0");

        String path = String.join(":", dir.resolve("missing").toString(), empty.toString(), notExecutable.toString(),
                bin.getParent().toString(), later.getParent().toString());
        NodeExecutable node = NodeExecutable.find(environment(path, null, null, null)).orElseThrow();

        assertEquals(bin, node.path());
        assertEquals("v99.1.0", node.version());
    }

    @Test
    void noNodeOnThePathIsEmpty() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(Optional.empty(), NodeExecutable.find(environment(empty.toString(), null, null, null)));
        assertEquals(Optional.empty(), NodeExecutable.find(environment(null, null, null, null)));
    }

    @Test
    void theOverrideWinsOverThePath() throws IOException {
        Path onPath = fakeNode("bin", "echo v1.0.0");
        Path chosen = fakeNode("chosen", "echo v2.0.0");
        NodeEnvironment environment = environment(onPath.getParent().toString(), chosen.toString(), null, null);

        assertEquals(chosen, NodeExecutable.find(environment).orElseThrow().path());
    }

    @Test
    void anOverrideThatIsNoExecutableFailsNamingIt() {
        Path missing = dir.resolve("no-such-node");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NodeExecutable.find(environment(null, missing.toString(), null, null)));
        assertTrue(e.getMessage().contains("-Daddon.node=" + missing), e.getMessage());
        assertTrue(e.getMessage().contains("not an executable file"), e.getMessage());
    }

    @Test
    void absentAndNotRequiredSkipsSayingHowToInstallNode() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> NodeExecutable.require("SomeTest", environment(dir.toString(), null, null, null)));
        assertTrue(e.getMessage().startsWith("SomeTest is skipped: node not found"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install nodejs"), e.getMessage());
    }

    @Test
    void absentUnderCiFailsSayingWhy() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NodeExecutable.require("SomeTest", environment(dir.toString(), null, null, "true")));
        assertTrue(e.getMessage().startsWith("SomeTest needs node, and node is required because the environment "
                + "variable CI is set (CI=true): node not found"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install nodejs"), e.getMessage());
    }

    @Test
    void absentWithTheRequiredPropertyFailsSayingWhy() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NodeExecutable.require("SomeTest", environment(dir.toString(), null, "true", null)));
        assertTrue(e.getMessage().contains("required because -Daddon.node.required=true"), e.getMessage());
    }

    @Test
    void thePropertyDecidesOverCi() {
        assertEquals(false, environment(null, null, "false", "true").required());
        assertEquals(true, environment(null, null, "true", "false").required());
        assertEquals(false, environment(null, null, null, "false").required());
        assertEquals(false, environment(null, null, null, "").required());
        assertEquals(true, environment(null, null, null, "1").required());
    }

    @Test
    void failIfRequiredReturnsWhereNodeIsNotRequired() {
        NodeExecutable.failIfRequired("SomeTest", environment(null, null, null, null));
        assertThrows(AssertionFailedError.class,
                () -> NodeExecutable.failIfRequired("SomeTest", environment(null, null, null, "true")));
    }

    @Test
    void presentNodeIsReturnedEvenWhereRequired() throws IOException {
        Path node = fakeNode("bin", "echo v99.1.0");
        assertEquals(node, NodeExecutable.require("SomeTest",
                environment(node.getParent().toString(), null, "true", "true")).path());
    }

    @Test
    void runPassesTheArgumentsAndCapturesBothOutputsAndTheExitValue() throws IOException {
        NodeExecutable node = found(fakeNode("bin", "echo \"out: $1 $2\"; echo 'err: warned' >&2; exit 3"));

        ProcessResult result = node.run(ENOUGH, "script.js", "two words");

        assertEquals(List.of(node.path().toString(), "script.js", "two words"), result.command());
        assertEquals(3, result.exitValue());
        assertEquals(List.of("out: script.js two words"), result.stdoutLines());
        assertEquals("err: warned\n", result.stderr());
    }

    @Test
    void runSuccessfullyFailsOnAnotherExitValueWithBothOutputs() throws IOException {
        NodeExecutable node = found(fakeNode("bin", "echo partial; echo 'TypeError: boom' >&2; exit 1"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> node.runSuccessfully(ENOUGH, "driver.js"));

        assertTrue(e.getMessage().startsWith(node.path() + " driver.js exited with 1"), e.getMessage());
        assertTrue(e.getMessage().contains("partial"), e.getMessage());
        assertTrue(e.getMessage().contains("TypeError: boom"), e.getMessage());
    }

    @Test
    void aProcessPastItsTimeoutIsKilled() throws IOException {
        // exec: the shell becomes the sleep, so the one child this test starts is the process that must die.
        NodeExecutable node = found(fakeNode("bin", "echo started; exec sleep 3600"));
        Set<Long> childrenBefore = liveChildren();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> node.run(Duration.ofMillis(200), "hangs.js"));

        assertTrue(e.getMessage().contains("did not exit within PT0.2S: killed it"), e.getMessage());
        assertEquals(childrenBefore, liveChildren(), "no process of this run is left alive");
    }

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static NodeExecutable found(Path fake) {
        return NodeExecutable.find(environment(fake.getParent().toString(), null, null, null)).orElseThrow();
    }

    private static NodeEnvironment environment(String path, String override, String required, String ci) {
        return new NodeEnvironment(path, override, required, ci);
    }

    /** An executable `node` in dir/sub that runs {@code body} with /bin/sh. */
    private Path fakeNode(String sub, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(sub));
        Path node = bin.resolve("node");
        Files.writeString(node, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
        return node;
    }
}
