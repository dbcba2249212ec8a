package cn.ledger.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, broker and controller in one) running inside this JVM: either on throw-away
 * directories (the tests), or on a log directory of its own that outlives it (the local run), so that a
 * broker started again on the same directory finds every topic, record and committed offset it had.
 */
public final class KafkaServer implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;

    private KafkaServer(EmbeddedKafkaKraftBroker broker, KafkaRaftServer server, String bootstrapServers,
            String clusterId) {
        this.broker = broker;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
    }

    /**
     * Starts a single-node broker on temporary directories, deleted when it stops; {@code port} 0 picks a
     * free one. Topics are not created here: the services declare theirs with the configuration they need.
     */
    public static KafkaServer start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "log.retention.ms", "-1",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new KafkaServer(broker, null, broker.getBrokersAsString(), null);
    }

    /**
     * Starts a single-node broker whose logs, KRaft metadata and cluster id live in {@code directory}
     * ({@code data/} for the logs, {@code server.properties} as written for this start). The directory is
     * formatted with a new cluster id only when it holds no broker yet; otherwise the broker starts on what
     * is there, as a restarted Kafka would. {@code port} 0 picks a free one; the controller's port is
     * picked free on each start (the quorum is this one node).
     */
    public static KafkaServer start(int port, Path directory) {
        Path data = directory.toAbsolutePath().resolve("data");
        int brokerPort = port > 0 ? port : freePort();
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", data.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("log.retention.ms", "-1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // every write reaches the disk before the broker stops; a crash loses at most what the OS had not flushed
        props.put("log.flush.interval.ms", "1000");
        Path config = directory.toAbsolutePath().resolve("server.properties");
        String clusterId;
        try {
            Files.createDirectories(data);
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "written by the local run on each start; the broker's state is in data/");
            }
            clusterId = clusterId(data);
            if (clusterId == null) {
                clusterId = newClusterId();
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int exit = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                        new PrintStream(output, true, StandardCharsets.UTF_8));
                if (exit != 0) {
                    throw new IllegalStateException("cannot format Kafka's log directory " + data + ": "
                            + output.toString(StandardCharsets.UTF_8).strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka's directory " + directory, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            awaitAnswering(bootstrap, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new KafkaServer(null, server, bootstrap, clusterId);
    }

    /** The cluster id the directory was formatted with, or null when it holds no broker yet. */
    static String clusterId(Path data) throws IOException {
        Path meta = data.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        return properties.getProperty("cluster.id");
    }

    private static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static void awaitAnswering(String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Kafka broker did not answer within " + timeout, e);
                    }
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The id of the cluster on a kept directory (the same across restarts), or null on throw-away ones. */
    public String clusterId() {
        return clusterId;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.destroy();
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
