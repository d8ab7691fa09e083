package io.vaultstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.vaultstream.events.VaultNotification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class ReusingAvroDatumProviderTest {

    @Test
    void reusesTheWriterForTheSameSchemaInstanceAndWritesWhatTheDefaultProviderWrites() throws IOException {
        ReusingAvroDatumProvider<VaultNotification> reusing = new ReusingAvroDatumProvider<>();
        DefaultAvroDatumProvider<VaultNotification> plain = new DefaultAvroDatumProvider<>();
        Schema schema = VaultNotification.getClassSchema();
        // an equal schema that is another instance: a miss, looked up as the default provider would
        Schema copy = new Schema.Parser().parse(schema.toString());
        SplittableRandom random = new SplittableRandom(7);
        DatumWriter<VaultNotification> first = null;
        for (int i = 0; i < 200; i++) {
            VaultNotification n = sample(random, i);
            Schema s = random.nextInt(10) == 0 ? copy : schema;
            DatumWriter<VaultNotification> w = reusing.createDatumWriter(n, s);
            if (s == schema) {
                first = first == null ? w : first;
                assertThat(w).isSameAs(first);
            }
            assertThat(bytes(w, n)).isEqualTo(bytes(plain.createDatumWriter(n, s), n));
        }
    }

    private static VaultNotification sample(SplittableRandom random, int i) {
        return VaultNotification.newBuilder().setNotificationId("n-" + i).setVaultingRequestId("r-" + random.nextInt(1000))
                .setResultStatus(random.nextBoolean() ? "S" : null).setReceivedAt(Instant.ofEpochMilli(random.nextLong(1L << 40)))
                .setRawJson("{\"i\":" + i + "}").build();
    }

    private static byte[] bytes(DatumWriter<VaultNotification> writer, VaultNotification n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(n, e);
        e.flush();
        return out.toByteArray();
    }
}
