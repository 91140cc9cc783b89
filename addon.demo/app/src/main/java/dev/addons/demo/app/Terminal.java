package dev.addons.demo.app;

import java.io.Console;
import java.lang.reflect.Method;

/** Is a person at a terminal? */
final class Terminal {

    private Terminal() {
    }

    /**
     * True if standard input and output are a terminal. Up to JDK 21 {@code System.console()} is null otherwise;
     * from JDK 22 it may return a console anyway, and {@code Console.isTerminal()} tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console means a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
