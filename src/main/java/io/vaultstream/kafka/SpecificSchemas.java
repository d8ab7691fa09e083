package io.vaultstream.kafka;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Looks up the schema of a generated SpecificRecord class. */
public final class SpecificSchemas {

    private SpecificSchemas() {}

    /** The schema the class was generated from. */
    public static Schema of(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
