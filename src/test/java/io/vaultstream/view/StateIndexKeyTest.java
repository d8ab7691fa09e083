package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.events.VaultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateIndexKeyTest {

    @Test
    void byteOrderIsStateThenNewestFirstThenId() {
        List<StateIndexKey> keys = List.of(
                new StateIndexKey(VaultState.UNKNOWN, at(5), "b"),
                new StateIndexKey(VaultState.UNKNOWN, at(5), "a"),
                new StateIndexKey(VaultState.UNKNOWN, at(9), "z"),
                new StateIndexKey(VaultState.UNKNOWN, Instant.EPOCH, "old"),
                new StateIndexKey(VaultState.VAULTED, at(1), "v"));
        List<String> encoded = new ArrayList<>(keys.stream().map(StateIndexKey::encode).toList());
        Collections.sort(encoded); // String order of ASCII equals the UTF-8 byte order RocksDB uses

        assertThat(encoded.stream().map(StateIndexKey::decode).map(StateIndexKey::vaultingRequestId))
                .containsExactly("z", "a", "b", "old", "v");
        assertThat(encoded).allSatisfy(k -> assertThat(k.compareTo(StateIndexKey.rangeStart(StateIndexKey.decode(k)
                .state())) > 0 && k.compareTo(StateIndexKey.rangeEnd(StateIndexKey.decode(k).state())) < 0).isTrue());
    }

    @Test
    void idsWithSeparatorsRoundTrip() {
        StateIndexKey k = new StateIndexKey(VaultState.SESSION_CREATED, at(3), "merchant/2026/abc");

        assertThat(StateIndexKey.decode(k.encode())).isEqualTo(k);
    }

    @Test
    void cursorStartSortsRightAfterItsOwnKey() {
        StateIndexKey k = new StateIndexKey(VaultState.UNKNOWN, at(5), "a");
        String next = new StateIndexKey(VaultState.UNKNOWN, at(5), "a0").encode();

        String after = StateIndexKey.after(VaultState.UNKNOWN, at(5), "a");
        assertThat(after.compareTo(k.encode())).isPositive();
        assertThat(after.compareTo(next)).isNegative();
    }

    @Test
    void bookkeepingRoundTripsThroughTheIndexValue() {
        VaultStatus s = new StatusModel().apply(null, Evidence.of(Events.result("x", 1, "UNKNOWN")));
        assertThat(StateIndexKey.Bookkeeping.parse(StateIndexKey.value(s)))
                .isEqualTo(new StateIndexKey.Bookkeeping(0, null));

        VaultStatus asked = new StatusModel().recordInquiry(s, at(100));
        assertThat(StateIndexKey.Bookkeeping.parse(StateIndexKey.value(asked)))
                .isEqualTo(new StateIndexKey.Bookkeeping(1, at(100)));
        assertThat(StateIndexKey.Bookkeeping.parse("garbage")).isEqualTo(new StateIndexKey.Bookkeeping(0, null));
    }
}
