package dev.addons.embedded;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's log ({@code felix.log.logger}), errors only: exceptions thrown by listeners and failed bundle events,
 * which Felix catches and logs, so that nothing else would notice them. Load it only where Felix is on the class
 * path.
 */
final class FelixErrorLog extends org.apache.felix.framework.Logger {
    private final Queue<String> messages = new ConcurrentLinkedQueue<>();

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level, String msg,
            Throwable throwable) {
        if (level == LOG_ERROR) {
            messages.add((bundle == null ? "" : bundle + ": ") + msg + (throwable == null ? "" : " " + throwable));
        }
    }

    /** What was logged so far (live). */
    Queue<String> messages() {
        return messages;
    }
}
