package dev.addons.core;

import java.util.ResourceBundle;

/**
 * Where the runtime's messages go. The core stays independent of any framework: it logs to {@link #logger()}, which
 * forwards to the sink set here, by default {@code System.getLogger("dev.addons")} (java.util.logging unless the JVM
 * is given another System.LoggerFinder). The OSGi layer sets a sink that writes to the OSGi Log Service when there is
 * one ({@code dev.addons.osgi.OsgiLog}). Each copy of addon.impl (each bundle class loader) has its own sink.
 */
public final class RuntimeLog {

    /** The logger name, for System.Logger and the OSGi Log Service alike. */
    public static final String NAME = "dev.addons";

    private static final System.Logger DEFAULT = System.getLogger(NAME);
    private static final System.Logger FORWARDER = new Forwarder();
    private static volatile System.Logger sink = DEFAULT;

    private RuntimeLog() {
    }

    /** The runtime's logger; what it logs goes to the sink current at the time of each message. */
    public static System.Logger logger() {
        return FORWARDER;
    }

    /** Sends the runtime's messages to {@code logger} from now on; null: back to System.Logger. */
    public static void sendTo(System.Logger logger) {
        sink = logger == null ? DEFAULT : logger;
    }

    private static final class Forwarder implements System.Logger {

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean isLoggable(Level level) {
            return sink.isLoggable(level);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            sink.log(level, bundle, message, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            sink.log(level, bundle, format, params);
        }
    }
}
