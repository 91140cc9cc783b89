package dev.addons.osgi;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.addons.core.RuntimeLog;

/**
 * A System.Logger writing to an OSGi Log Service 1.4 {@link Logger}. Loaded only when addon.impl's optional import
 * of {@code org.osgi.service.log} is wired (see {@link OsgiLog}).
 */
final class LogServiceLogger implements System.Logger {

    private final Logger logger;

    private LogServiceLogger(Logger logger) {
        this.logger = logger;
    }

    /** The logger named "dev.addons" of the bundle that got {@code factory} (addon.impl). */
    static System.Logger of(Object factory) {
        return new LogServiceLogger(((LoggerFactory) factory).getLogger(RuntimeLog.NAME));
    }

    @Override
    public String getName() {
        return RuntimeLog.NAME;
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case OFF -> false;
            case ERROR -> logger.isErrorEnabled();
            case WARNING -> logger.isWarnEnabled();
            case INFO -> logger.isInfoEnabled();
            case DEBUG -> logger.isDebugEnabled();
            case TRACE, ALL -> logger.isTraceEnabled();
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        // "{}" and the message as its argument: the Log Service would read placeholders in the message itself (a
        // value printed in it may contain "{}"). A Throwable as the last argument is the entry's exception.
        Object[] arguments = thrown == null ? new Object[] {message} : new Object[] {message, thrown};
        switch (level) {
            case OFF -> {
            }
            case ERROR -> logger.error("{}", arguments);
            case WARNING -> logger.warn("{}", arguments);
            case INFO -> logger.info("{}", arguments);
            case DEBUG -> logger.debug("{}", arguments);
            case TRACE, ALL -> logger.trace("{}", arguments);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String message = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
        log(level, bundle, message, (Throwable) null);
    }
}
