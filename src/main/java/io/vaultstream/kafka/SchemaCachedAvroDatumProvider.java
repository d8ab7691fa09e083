package io.vaultstream.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's default datum provider with its reader and writer caches in front keyed by the
 * identity of the {@link Schema} object. Apicurio 3.1 computes {@code parsingFingerprint64} (a full
 * canonical-form rendering of the schema) on every record it reads or writes just to find its
 * cached reader or writer, which made it the largest single cost of a status lookup; its schema
 * resolver hands out the same parsed {@link Schema} object per schema id, so an identity lookup
 * finds the reader or writer without looking at the schema. Identity rather than
 * {@link Schema#equals}, which compares whole schemas field by field when the objects differ.
 *
 * <p>The readers and writers are still Apicurio's, made and cached by the superclass. Should a
 * resolver ever hand out a new object per record, the identity caches are emptied when they reach
 * {@value #MAX_ENTRIES} entries, so they stay bounded and only cost the superclass's lookup.
 */
public final class SchemaCachedAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    static final int MAX_ENTRIES = 64;

    private final Map<Identity, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<Identity, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Identity, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        Identity key = new Identity(schema);
        DatumReader<T> reader = readers.get(key);
        if (reader == null) {
            reader = super.createDatumReader(schema);
            remember(readers, key, reader);
        }
        return reader;
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        // the superclass keys writers by (schema, specific or generic): keep that split
        Map<Identity, DatumWriter<T>> cache = data instanceof SpecificRecord ? specificWriters : genericWriters;
        Identity key = new Identity(schema);
        DatumWriter<T> writer = cache.get(key);
        if (writer == null) {
            writer = super.createDatumWriter(data, schema);
            remember(cache, key, writer);
        }
        return writer;
    }

    private static <V> void remember(Map<Identity, V> cache, Identity key, V value) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, value);
    }

    /** A schema compared by object identity. */
    private record Identity(Schema schema) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
