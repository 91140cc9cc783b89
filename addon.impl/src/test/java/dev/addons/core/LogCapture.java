package dev.addons.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the runtime logs ("dev.addons", through java.util.logging) while it is open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.addons"); // held: loggers are weakly referenced
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> awaited = m -> false;
    private volatile CountDownLatch latch = new CountDownLatch(0);

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
        if (awaited.test(record.getMessage())) {
            latch.countDown();
        }
    }

    /** Messages at WARNING or above. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList();
    }

    /** Arms a wait for a message that {@code matches}; {@link #await} then blocks until one is logged. */
    void expect(Predicate<String> matches) {
        latch = new CountDownLatch(1);
        awaited = matches;
    }

    boolean await(long seconds) throws InterruptedException {
        return latch.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
