package io.vaultstream.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ViewServiceTest {

    private static final Topics TOPICS = new Topics("c", "r", "n", "s", "d",
            Topics.ValueSerdes.of(type -> new AvroTestSerde<>(type)));

    @Test
    void reconcilerKeysMapOntoTheTopologyOptions() {
        VaultstreamConfig config = VaultstreamConfig.of(Map.of(
                ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, "60000",
                ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS, "3600000",
                ConfigKeys.VIEW_RECONCILER_INTERVAL_MS, "5000",
                ConfigKeys.VIEW_RECONCILER_MAX_PER_RUN, "7",
                ConfigKeys.VIEW_RECONCILER_ENABLED, "false",
                ConfigKeys.VIEW_STALLED_REQUESTED_MS, "30000"));

        ViewTopologyOptions o = ViewService.topologyOptionsFrom(config, TOPICS);

        assertThat(o.commandsTopic()).isEqualTo("c");
        assertThat(o.statusTopic()).isEqualTo("s");
        assertThat(o.reconcilerEnabled()).isFalse();
        assertThat(o.firstInquiryAge()).containsOnlyKeys(VaultState.UNKNOWN, VaultState.SESSION_CREATED,
                VaultState.VERIFICATION_REQUIRED).allSatisfy((s, age) -> assertThat(age).isEqualTo(Duration.ofMinutes(1)));
        assertThat(o.finalAge()).isEqualTo(Duration.ofHours(1));
        assertThat(o.reconcileInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.maxActionsPerPunctuation()).isEqualTo(7);
        assertThat(o.stalledRequestedAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.inquiryInterval(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.inquiryInterval(2)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void firstInquiryAgeBeyondGiveUpAgeIsRefusedNamingTheKey() {
        VaultstreamConfig config = VaultstreamConfig.of(Map.of(
                ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, "7200000",
                ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS, "3600000"));

        assertThatThrownBy(() -> ViewService.topologyOptionsFrom(config, TOPICS))
                .hasMessageContaining(ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS);
    }

    @Test
    void advertisedAddressComesFromTheUrlOrDefaultsToLocalhost() {
        assertThat(ViewService.advertised(VaultstreamConfig.of(Map.of(ConfigKeys.VIEW_PORT, "8181"))))
                .isEqualTo(new HostInfo("localhost", 8181));
        assertThat(ViewService.advertised(VaultstreamConfig.of(Map.of(ConfigKeys.VIEW_PORT, "8181",
                ConfigKeys.VIEW_ADVERTISED_URL, "http://view-1.view.svc:9000")))).isEqualTo(new HostInfo("view-1.view.svc", 9000));
    }
}
