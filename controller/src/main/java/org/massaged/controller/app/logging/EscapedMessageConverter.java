package org.massaged.controller.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} with every control character escaped ({@link LogText}): one event, one line. The daemon's own
 * log set-up uses it; a logback file may too, with {@code <conversionRule conversionWord="msg" ...>}.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(super.convert(event));
    }
}
