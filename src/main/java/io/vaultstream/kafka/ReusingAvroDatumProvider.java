package io.vaultstream.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's default datum provider, except that the writer for the schema used last is reused without
 * looking it up again. Apicurio 3.1's provider keys its writer cache by the schema's parsing fingerprint,
 * which it recomputes (a full canonical-form walk of the schema) for every record: about 4% of the
 * webhook's CPU per notification. A serializer writes one topic with one pinned schema instance, so the
 * last-used entry nearly always hits; on a miss (another schema, or the resolver re-fetched it) the default
 * lookup runs and its answer becomes the last-used one, so nothing grows.
 */
public final class ReusingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** The schema instance (compared by identity), the kind of record, and the writer for both. */
    private record LastWriter<T>(Schema schema, boolean specific, DatumWriter<T> writer) {}

    private volatile LastWriter<T> last;

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        boolean specific = data instanceof SpecificRecord;
        LastWriter<T> l = last;
        if (l != null && l.schema() == schema && l.specific() == specific) {
            return l.writer();
        }
        DatumWriter<T> writer = super.createDatumWriter(data, schema);
        last = new LastWriter<>(schema, specific, writer);
        return writer;
    }
}
