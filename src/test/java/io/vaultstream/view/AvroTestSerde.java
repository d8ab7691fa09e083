package io.vaultstream.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Registry-free Avro binary serde for topology unit tests; production uses the registry serdes. */
final class AvroTestSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;

    AvroTestSerde(Class<T> type) {
        this.type = type;
    }

    static ViewSerdes viewSerdes() {
        return new ViewSerdes(new AvroTestSerde<>(io.vaultstream.events.VaultCommand.class),
                new AvroTestSerde<>(io.vaultstream.events.VaultResult.class),
                new AvroTestSerde<>(io.vaultstream.events.VaultNotification.class),
                new AvroTestSerde<>(io.vaultstream.events.VaultStatus.class));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(value.getSchema(), SpecificData.getForClass(type));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("undecodable " + type.getSimpleName(), e);
            }
        };
    }
}
