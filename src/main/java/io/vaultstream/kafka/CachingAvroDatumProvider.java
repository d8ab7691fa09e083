package io.vaultstream.kafka;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's {@link DefaultAvroDatumProvider} with the last reader and writer remembered by schema
 * instance. The default provider caches them by schema fingerprint, but computes that fingerprint (the
 * schema's parsing canonical form, then a 64-bit hash) on every record, which was a few percent of the
 * processor's CPU; the schema resolver hands the same {@link Schema} instance for a schema id every time,
 * so an identity check finds the cached datum reader or writer at once. One entry each is enough: a serde
 * here reads and writes one record type. Thread-safe: each entry is an immutable pair behind a volatile
 * reference, and a miss asks the default provider, which is itself thread-safe.
 */
public final class CachingAvroDatumProvider<T> implements AvroDatumProvider<T> {

    private final DefaultAvroDatumProvider<T> delegate = new DefaultAvroDatumProvider<>();
    private volatile Cached<DatumReader<T>> reader;
    private volatile Cached<DatumWriter<T>> writer;

    /** Instantiated by the Apicurio serde from {@code apicurio.registry.avro-datum-provider}. */
    public CachingAvroDatumProvider() {}

    @Override
    public void configure(AvroSerdeConfig config) {
        delegate.configure(config);
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        Cached<DatumWriter<T>> c = writer;
        // the default provider picks a specific or a generic writer by the data's kind: part of the key
        boolean specific = data instanceof org.apache.avro.specific.SpecificRecord;
        if (c != null && c.schema == schema && c.specific == specific) {
            return c.value;
        }
        DatumWriter<T> created = delegate.createDatumWriter(data, schema);
        writer = new Cached<>(schema, specific, created);
        return created;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        Cached<DatumReader<T>> c = reader;
        if (c != null && c.schema == schema) {
            return c.value;
        }
        DatumReader<T> created = delegate.createDatumReader(schema);
        reader = new Cached<>(schema, false, created);
        return created;
    }

    @Override
    public Schema toSchema(T data) {
        return delegate.toSchema(data);
    }

    private record Cached<V>(Schema schema, boolean specific, V value) {}
}
