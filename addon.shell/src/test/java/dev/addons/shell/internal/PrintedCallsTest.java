package dev.addons.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.Undefined;

/** The {@code print:} argument of addon:call: a callback whose calls the command prints, before the result. */
class PrintedCallsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintedCalls printed = new PrintedCalls(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void printWordsBecomeFunctionsPrintingAsConsoleLog() throws Exception {
        JavaFunction progress = assertInstanceOf(JavaFunction.class, printed.argument("print:progress"));
        JavaFunction plain = assertInstanceOf(JavaFunction.class, printed.argument("print:"));
        assertSame(Undefined.INSTANCE, progress.apply(null, new Object[] {65536, 405264}));
        plain.apply(null, new Object[] {"text", List.of(1, 2), Map.of("a", "b"), null, 1.5});
        plain.apply(null, new Object[0]);
        assertEquals("", output(), "queued, not printed by the calling thread");
        printed.flush();
        assertEquals("progress 65536 405264\ntext [ 1, 2 ] { a: 'b' } null 1.5\n\n", output());
        assertEquals(42, printed.argument("42"), "other words as Values.parse reads them");
        assertEquals("printer", printed.argument("printer"));
    }

    @Test
    void callsFromAnotherThreadPrintWhileTheCommandWaitsAndBeforeTheResult() throws Exception {
        JavaFunction progress = (JavaFunction) printed.argument("print:progress");
        CompletableFuture<Object> promise = new CompletableFuture<>();
        Thread loop = new Thread(() -> {
            try {
                for (int done = 1; done <= 3; done++) {
                    progress.apply(null, new Object[] {done, 3});
                }
                promise.complete(Map.of("bytesIn", 3));
            } catch (Exception e) {
                promise.completeExceptionally(e);
            }
        }, "loop");
        loop.start();
        Object result = Awaited.value(promise, "m.f", Duration.ofSeconds(30), printed);
        loop.join();
        assertEquals(Map.of("bytesIn", 3), result);
        assertEquals("progress 1 3\nprogress 2 3\nprogress 3 3\n", output());
    }

    @Test
    void linesBeforeARejectionOrASynchronousResultArePrintedToo() throws Exception {
        JavaFunction f = (JavaFunction) printed.argument("print:step");
        f.apply(null, new Object[] {1});
        AddonException rejection = new AddonException("no disk");
        assertSame(rejection, assertThrows(AddonException.class, () -> Awaited.value(
                CompletableFuture.failedFuture(rejection), "m.f", Duration.ofSeconds(1), printed)));
        f.apply(null, new Object[] {2});
        assertEquals(7, Awaited.value(7, "m.f", Duration.ofSeconds(1), printed));
        assertEquals("step 1\nstep 2\n", output());
    }
}
