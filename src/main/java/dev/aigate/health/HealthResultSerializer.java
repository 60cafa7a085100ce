package dev.aigate.health;

import io.micronaut.core.type.Argument;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Writes a health answer as {@code name}, {@code status}, {@code details} (each when present) and, for a server
 * without its App, the {@link ExplainingHealthAggregator.ExplainedResult#message() message}. Micronaut would
 * write only the {@link HealthResult} interface's properties and drop the message.
 */
@Singleton
public class HealthResultSerializer implements Serializer<HealthResult> {

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends HealthResult> type,
                          HealthResult value) throws IOException {
        Encoder object = encoder.encodeObject(type);
        if (value.getName() != null) {
            object.encodeKey("name");
            object.encodeString(value.getName());
        }
        if (value.getStatus() != null) {
            object.encodeKey("status");
            object.encodeString(value.getStatus().getName());
        }
        Object details = value.getDetails();
        if (details != null) {
            object.encodeKey("details");
            @SuppressWarnings("unchecked")
            Argument<Object> detailsType = (Argument<Object>) Argument.of(details.getClass());
            context.findSerializer(detailsType).createSpecific(context, detailsType)
                    .serialize(object, context, detailsType, details);
        }
        if (value instanceof ExplainingHealthAggregator.ExplainedResult explained) {
            object.encodeKey("message");
            object.encodeString(explained.message());
        }
        object.finishStructure();
    }
}
