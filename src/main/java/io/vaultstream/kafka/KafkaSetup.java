package io.vaultstream.kafka;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Start-up steps every role shares: topics (when enabled), schemas with their rule, partition layout check. */
public final class KafkaSetup {

    private KafkaSetup() {}

    /** Creates topics, registers schemas (FULL_TRANSITIVE) and checks the view's co-partitioning. */
    public static Topics prepare(VaultstreamConfig config) {
        Topics layout = Topics.withoutSerdes(config);
        try (Admin admin = admin(config)) {
            if (config.getBoolean(ConfigKeys.TOPICS_CREATE)) {
                TopicSetup.createTopics(admin, layout, config.getInt(ConfigKeys.TOPICS_PARTITIONS),
                        config.getShort(ConfigKeys.TOPICS_REPLICATION_FACTOR));
            }
            TopicSetup.requireCoPartitioned(admin, layout.viewInputs());
        }
        new SchemaRegistrar(SchemaRegistrar.ccompatBase(config.getString(ConfigKeys.REGISTRY_URL),
                config.getString(ConfigKeys.REGISTRY_SERDE))).registerAll(layout);
        return new Topics(config, new SerdeFactory(config));
    }

    /** An admin client from the configuration. */
    public static Admin admin(VaultstreamConfig config) {
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.ADMIN);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    /** True when the cluster answers a describeCluster within 2 s. */
    public static boolean reachable(VaultstreamConfig config) {
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.ADMIN);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).clusterId().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
