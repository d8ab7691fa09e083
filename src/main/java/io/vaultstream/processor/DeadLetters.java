package io.vaultstream.processor;

import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.crypto.SealedBytes;
import io.vaultstream.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reading dead letters back: the sealed original value opens only with the keyring and its source coordinates. */
public final class DeadLetters {

    private DeadLetters() {}

    /** The associated data binding a dead letter's sealed original value to its source topic, partition and offset. */
    public static byte[] originalAad(String topic, int partition, long offset) {
        return (topic + "-" + partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] originalAad(DeadLetter d) {
        return originalAad(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset());
    }

    /** The record value as it was received, or null when the dead letter kept none. */
    public static byte[] original(DeadLetter d, CardCipher cipher) throws CardDecryptionException {
        if (d.getOriginalValue() == null || d.getNonce() == null) {
            return null;
        }
        return cipher.decrypt(new SealedBytes(d.getEncryptionKeyId(), bytes(d.getNonce()), bytes(d.getOriginalValue())), originalAad(d));
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
