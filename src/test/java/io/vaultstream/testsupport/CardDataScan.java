package io.vaultstream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Looks for known test card data in everything a run left behind: log text, raw record bytes, decoded
 * Avro values, files. PANs and cardholder data are searched as substrings anywhere (Avro and RocksDB keep
 * strings as plain UTF-8; consumers hand out decompressed values). A CVV is three or four digits and would
 * match by chance in binary data, so it is searched where it could be recognised: a {@code cvv} label next
 * to any 3-4 digit value in text, and any decoded string field equal to a test CVV. Card tokens are
 * findings except where the caller says tokens belong (results and notifications).
 */
public final class CardDataScan {

    private static final Pattern CVV_LABEL = Pattern.compile("(?i)cvv[\"'\\s:=]{1,6}\\d{3,4}(?!\\d)");

    private final List<String> pans;
    private final List<String> cvvs;
    private final List<String> cardholderData;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Integer> scanned = new ConcurrentHashMap<>();

    public CardDataScan(Collection<String> pans, Collection<String> cvvs, Collection<String> cardholderData) {
        this.pans = List.copyOf(pans);
        this.cvvs = List.copyOf(cvvs);
        this.cardholderData = List.copyOf(cardholderData);
    }

    /** Card tokens that may appear only where a scan call allows them. */
    public CardDataScan tokens(Collection<String> cardTokens) {
        cardTokens.stream().filter(t -> t != null && !t.isBlank()).forEach(tokens::add);
        return this;
    }

    /** Scans text such as a log, a metrics scrape or a query answer. */
    public void text(String where, String text, boolean tokensAllowed) {
        count(where);
        substrings(where, text, tokensAllowed);
        var m = CVV_LABEL.matcher(text);
        if (m.find()) {
            finding(where, "a CVV value next to a cvv label at index " + m.start());
        }
    }

    /** Scans raw bytes (a record value, a file): substrings only. */
    public void bytes(String where, byte[] data, boolean tokensAllowed) {
        if (data == null) {
            return;
        }
        count(where);
        substrings(where, new String(data, StandardCharsets.ISO_8859_1), tokensAllowed);
    }

    /** Scans one consumed record: key, raw value, headers, and when given the decoded value field by field. */
    public void record(String where, ConsumerRecord<byte[], byte[]> r, Object decoded, boolean tokensAllowed) {
        String at = where + "@" + r.partition() + ":" + r.offset();
        bytes(at + " key", r.key(), tokensAllowed);
        bytes(at, r.value(), tokensAllowed);
        for (Header h : r.headers()) {
            if (h.value() != null) {
                text(at + " header " + h.key(), new String(h.value(), StandardCharsets.UTF_8), tokensAllowed);
            }
        }
        if (decoded != null) {
            decoded(at, decoded, tokensAllowed);
        }
    }

    /** Walks an Avro record (or map/list/string) and checks every string in it. */
    public void decoded(String where, Object value, boolean tokensAllowed) {
        if (value == null) {
            return;
        }
        if (value instanceof IndexedRecord rec) {
            var fields = rec.getSchema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                decoded(where + "." + fields.get(i).name(), rec.get(i), tokensAllowed);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                decoded(where + "[key]", k, tokensAllowed);
                decoded(where + "[" + k + "]", v, tokensAllowed);
            });
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> decoded(where + "[]", v, tokensAllowed));
        } else if (value instanceof CharSequence cs) {
            String s = cs.toString();
            if (cvvs.contains(s.trim())) {
                finding(where, "a string field equal to a test CVV");
            }
            text(where, s, tokensAllowed);
        } else if (value instanceof GenericContainer) {
            text(where, value.toString(), tokensAllowed);
        }
    }

    /** Scans every regular file under {@code dir} (e.g. a Streams state directory with its RocksDB files). */
    public void directory(String where, Path dir, boolean tokensAllowed) {
        if (!Files.isDirectory(dir)) {
            finding(where, "directory " + dir + " does not exist, nothing was scanned");
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    bytes(where + " " + dir.relativize(f), Files.readAllBytes(f), tokensAllowed);
                } catch (IOException e) {
                    // a file RocksDB removed between listing and reading: nothing left to leak
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void substrings(String where, String s, boolean tokensAllowed) {
        for (int i = 0; i < pans.size(); i++) {
            int at = s.indexOf(pans.get(i));
            if (at >= 0) {
                finding(where, "test PAN #" + i + " (ending " + pans.get(i).substring(pans.get(i).length() - 4) + ") at index " + at);
            }
        }
        for (String c : cardholderData) {
            int at = s.indexOf(c);
            if (at >= 0) {
                finding(where, "cardholder data '" + c + "' at index " + at);
            }
        }
        if (!tokensAllowed) {
            for (String t : tokens) {
                int at = s.indexOf(t);
                if (at >= 0) {
                    finding(where, "a card token at index " + at);
                }
            }
        }
    }

    private void count(String where) {
        scanned.merge(where.replaceAll("[@ \\[.].*", ""), 1, Integer::sum);
    }

    private synchronized void finding(String where, String what) {
        findings.add(where + ": " + what);
    }

    public synchronized List<String> findings() {
        return List.copyOf(findings);
    }

    /** How many items were scanned per kind of place (log, topic, directory ...). */
    public Map<String, Integer> scanned() {
        return Map.copyOf(scanned);
    }

    /** Fails listing every finding (where, what, never the secret itself). */
    public void assertClean() {
        assertThat(findings()).as("card data found (scanned %s)", scanned()).isEmpty();
    }
}
