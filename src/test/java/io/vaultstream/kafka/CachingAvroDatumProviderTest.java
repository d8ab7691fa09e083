package io.vaultstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    @Test
    void reusesTheReaderAndWriterOfTheSameSchemaInstanceAndRoundTrips() throws Exception {
        CachingAvroDatumProvider<SpecificRecord> p = provider();
        DeadLetter dl = DeadLetter.newBuilder().setSourceTopic("t").setSourcePartition(1).setSourceOffset(2).setKey("k")
                .setErrorClass("E").setMessage("m").setFailedAt(Instant.EPOCH).build();
        Schema schema = dl.getSchema();
        DatumWriter<SpecificRecord> w = p.createDatumWriter(dl, schema);
        assertThat(p.createDatumWriter(dl, schema)).isSameAs(w);
        DatumReader<SpecificRecord> r = p.createDatumReader(schema);
        assertThat(p.createDatumReader(schema)).isSameAs(r);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        w.write(dl, enc);
        enc.flush();
        assertThat(r.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null))).isEqualTo(dl);
    }

    @Test
    void anotherSchemaGetsItsOwnReader() {
        CachingAvroDatumProvider<SpecificRecord> p = provider();
        Schema a = DeadLetter.getClassSchema();
        Schema b = VaultCommand.getClassSchema();
        DatumReader<SpecificRecord> ra = p.createDatumReader(a);
        DatumReader<SpecificRecord> rb = p.createDatumReader(b);
        assertThat(rb).isNotSameAs(ra);
        // an equal schema parsed anew is another instance: answered correctly, if not from this cache
        Schema aAgain = new Schema.Parser().parse(a.toString());
        assertThat(p.createDatumReader(aAgain)).isNotNull();
    }

    private static CachingAvroDatumProvider<SpecificRecord> provider() {
        CachingAvroDatumProvider<SpecificRecord> p = new CachingAvroDatumProvider<>();
        p.configure(new AvroSerdeConfig(Map.of("apicurio.registry.use-specific-avro-reader", true)));
        return p;
    }
}
