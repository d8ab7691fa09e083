package io.vaultstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.vaultstream.events.StatusHistoryEntry;
import io.vaultstream.events.VaultStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaCachedAvroDatumProviderTest {

    private static VaultStatus status() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        return VaultStatus.newBuilder()
                .setVaultingRequestId("r1")
                .setState("REQUESTED")
                .setCommandType("VAULT_PAYMENT_METHOD")
                .setRequestedAt(t)
                .setUpdatedAt(t)
                .setHistory(List.of(StatusHistoryEntry.newBuilder().setState("REQUESTED").setSource("COMMAND")
                        .setAt(t).build()))
                .build();
    }

    private static <T> DefaultAvroDatumProvider<T> configured(DefaultAvroDatumProvider<T> p) {
        p.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
        return p;
    }

    private static byte[] write(DatumWriter<VaultStatus> writer, VaultStatus s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(s, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void readersAndWritersAreMadeOncePerSchemaAndBehaveLikeTheDefaults() throws IOException {
        DefaultAvroDatumProvider<VaultStatus> cached = configured(new SchemaCachedAvroDatumProvider<>());
        DefaultAvroDatumProvider<VaultStatus> plain = configured(new DefaultAvroDatumProvider<>());
        Schema schema = VaultStatus.getClassSchema();
        Schema sameText = new Schema.Parser().parse(schema.toString());
        VaultStatus s = status();

        DatumReader<VaultStatus> reader = cached.createDatumReader(schema);
        DatumWriter<VaultStatus> writer = cached.createDatumWriter(s, schema);

        assertThat(cached.createDatumReader(schema)).isSameAs(reader);
        assertThat(cached.createDatumReader(sameText)).isSameAs(reader); // the superclass's cache, by fingerprint
        assertThat(cached.createDatumWriter(s, schema)).isSameAs(writer);
        byte[] bytes = write(writer, s);
        assertThat(bytes).isEqualTo(write(plain.createDatumWriter(s, schema), s));
        VaultStatus back = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        assertThat(back).isEqualTo(s);
        assertThat(back).isInstanceOf(VaultStatus.class);
    }

    @Test
    void aNewSchemaObjectPerRecordKeepsTheCacheBoundedAndStillReads() throws IOException {
        DefaultAvroDatumProvider<VaultStatus> cached = configured(new SchemaCachedAvroDatumProvider<>());
        VaultStatus s = status();
        byte[] bytes = write(cached.createDatumWriter(s, VaultStatus.getClassSchema()), s);

        for (int i = 0; i < 3 * SchemaCachedAvroDatumProvider.MAX_ENTRIES; i++) {
            Schema fresh = new Schema.Parser().parse(VaultStatus.getClassSchema().toString());
            VaultStatus back = cached.createDatumReader(fresh).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            assertThat(back).isEqualTo(s);
        }
    }
}
