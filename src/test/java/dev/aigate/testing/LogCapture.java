package dev.aigate.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what one class logs, with the MDC as it was on the logging thread at that moment (logback reads the MDC
 * lazily, so it is copied in {@link #append}). Close it to detach.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    public record Line(String level, String message, Map<String, String> mdc) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    public static LogCapture of(Class<?> source) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        LogCapture capture = new LogCapture(logger);
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new Line(event.getLevel().toString(), event.getFormattedMessage(),
                new HashMap<>(event.getMDCPropertyMap())));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
