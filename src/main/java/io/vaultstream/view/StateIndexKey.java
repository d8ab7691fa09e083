package io.vaultstream.view;

import java.time.Instant;
import java.util.Objects;

/**
 * Key of the {@code state-index-store}: {@code STATE/INVERTED_MILLIS/ID}, sorting by state, then
 * newest {@code updatedAt} first, then id, so that a prefix range is one state's requests in
 * listing order and a reverse range walks them oldest first (the reconciler's order).
 *
 * <p>The time is {@code Long.MAX_VALUE - epochMillis} as 19 zero-padded digits, so byte order of
 * the UTF-8 key is the intended order. States contain no {@code '/'}; ids may.
 */
public record StateIndexKey(VaultState state, Instant updatedAt, String vaultingRequestId) {

    private static final char SEP = '/';

    public StateIndexKey {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(vaultingRequestId, "vaultingRequestId");
    }

    /** The index key of a status's current position. */
    public static StateIndexKey of(io.vaultstream.events.VaultStatus s) {
        return new StateIndexKey(VaultState.valueOf(s.getState()), s.getUpdatedAt(), s.getVaultingRequestId());
    }

    /** The encoded key. */
    public String encode() {
        return state.name() + SEP + invertedMillis(updatedAt) + SEP + vaultingRequestId;
    }

    /** Decodes a key written by {@link #encode()}. */
    public static StateIndexKey decode(String key) {
        int a = key.indexOf(SEP);
        int b = key.indexOf(SEP, a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("state index key: expected STATE/MILLIS/ID");
        }
        long inverted = Long.parseLong(key.substring(a + 1, b));
        return new StateIndexKey(VaultState.valueOf(key.substring(0, a)),
                Instant.ofEpochMilli(Long.MAX_VALUE - inverted), key.substring(b + 1));
    }

    /**
     * The index value of a status: its reconciler bookkeeping ({@code inquiries:lastInquiryMillis},
     * or {@code 0:} before the first inquiry), so the reconciler decides whether an inquiry is due
     * while scanning, without reading each status.
     */
    public static String value(io.vaultstream.events.VaultStatus s) {
        return s.getInquiries() + ":" + (s.getLastInquiryAt() == null ? "" : s.getLastInquiryAt().toEpochMilli());
    }

    /** Reconciler bookkeeping read back from an index value. */
    public record Bookkeeping(int inquiries, Instant lastInquiryAt) {

        /** Parses {@link StateIndexKey#value}; an unreadable value counts as never inquired. */
        public static Bookkeeping parse(String value) {
            int colon = value == null ? -1 : value.indexOf(':');
            if (colon <= 0) {
                return new Bookkeeping(0, null);
            }
            try {
                int n = Integer.parseInt(value.substring(0, colon));
                String t = value.substring(colon + 1);
                return new Bookkeeping(n, t.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(t)));
            } catch (NumberFormatException e) {
                return new Bookkeeping(0, null);
            }
        }
    }

    /** Inclusive lower bound of one state's range. */
    public static String rangeStart(VaultState state) {
        return state.name() + SEP;
    }

    /** Inclusive upper bound of one state's range: sorts after every key of the state. */
    public static String rangeEnd(VaultState state) {
        return state.name() + (char) (SEP + 1);
    }

    /** Start of the range of entries strictly after a position (for a cursor) within one state. */
    public static String after(VaultState state, Instant updatedAt, String vaultingRequestId) {
        // '\0' is the smallest char, so this sorts right after the key of (updatedAt, id) itself
        return new StateIndexKey(state, updatedAt, vaultingRequestId).encode() + '\0';
    }

    private static String invertedMillis(Instant t) {
        return String.format("%019d", Long.MAX_VALUE - t.toEpochMilli());
    }
}
