package dev.addons.demo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse(List.of());
        assertNull(o.shell(), "shell or not is decided by the terminal");
        assertEquals(1000, o.cycles());
        assertEquals(1000, o.iterations());
    }

    @Test
    void flags() {
        Options o = Options.parse(List.of("--no-shell", "--cycles", "7", "--iterations", "0"));
        assertEquals(Boolean.FALSE, o.shell());
        assertEquals(7, o.cycles());
        assertEquals(0, o.iterations());
        assertEquals(Boolean.TRUE, Options.parse(List.of("--shell")).shell());
        assertTrue(Options.parse(List.of("--help")).help());
    }

    @Test
    void refusals() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--cycles")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--cycles", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--verbose")));
    }

    @Test
    void theReplicaOfThePageArithmetic() {
        // |value| +- 1, rounded half up: the walk never stays negative for long.
        assertEquals(1.0, DemoRunIT.modify(0.0, 1.0));
        assertEquals(-1.0, DemoRunIT.modify(0.0, -1.0));
        assertEquals(0.0, DemoRunIT.modify(-1.0, -1.0));
        assertEquals(2.0, DemoRunIT.modify(-1.0, 1.0));
        assertEquals(4.0, DemoRunIT.modify(3.0, 1.0));
    }
}
