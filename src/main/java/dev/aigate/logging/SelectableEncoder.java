package dev.aigate.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;

/**
 * Plain text lines by default; one JSON object per line when {@code format} is {@code json}
 * (logback.xml sets it from {@code AIGATE_LOG_FORMAT}). JSON lines carry the MDC, so the keys
 * {@code delivery}, {@code repo}, {@code pr} and {@code installation} land on every line about a delivery.
 */
public class SelectableEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private String pattern = "%d %-5level [%thread] %logger{24} - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public boolean isJson() {
        return "json".equals(format);
    }

    @Override
    public void start() {
        if (isJson()) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithMarkers(false);
            json.setWithKVPList(false);
            json.setWithFormattedMessage(true);
            json.setWithMDC(true);
            json.setWithThrowable(true);
            delegate = json;
        } else {
            if (!"text".equals(format) && !format.isEmpty()) {
                addWarn("Unknown log format '" + format + "' (AIGATE_LOG_FORMAT); writing text. Use text or json.");
            }
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
