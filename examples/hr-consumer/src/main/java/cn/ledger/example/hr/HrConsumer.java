package cn.ledger.example.hr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An HR system keeping personnel files in step with the ledger, as a plain Kafka consumer.
 *
 * <ul>
 *   <li><b>Consumer group {@code hr-system}</b>, starting from the earliest offset the first time
 *       (the topic holds the whole history), auto-commit off: offsets are committed by hand, only
 *       after the changes of the batch and the ids of its events are saved.</li>
 *   <li><b>Ordering per cadre.</b> The record key is the cadre (or unit) id, so every event of one
 *       cadre is on one partition and arrives in the order recorded, {@code ce_sequence} 0, 1, 2, …
 *       Records of one partition are applied in order, one at a time; nothing here assumes any order
 *       between different cadres. More instances in the same group share the partitions, never a
 *       cadre.</li>
 *   <li><b>Dedup by {@code ce_id}.</b> Delivery is at least once; a redelivered event has the same
 *       {@code ce_id} and is skipped ({@link LocalStore}). An event whose {@code ce_sequence} is not
 *       after the last one applied for its cadre is skipped too.</li>
 *   <li><b>Tolerant reader.</b> Types it does not follow and fields it does not know are ignored.</li>
 * </ul>
 */
public final class HrConsumer implements AutoCloseable {

    public static final String GROUP = "hr-system";
    public static final String TOPIC = "ledger.events";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final LocalStore store;
    private long applied;
    private long duplicates;
    private long ignored;

    public HrConsumer(String bootstrapServers, LocalStore store) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer());
        this.store = store;
        consumer.subscribe(List.of(TOPIC));
    }

    /** One poll: applies the batch in order, saves, then commits. Returns the number of records polled. */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, CloudEvent> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        for (ConsumerRecord<String, CloudEvent> record : records) {
            handle(record.key(), record.value());
        }
        store.save();
        consumer.commitSync();
        return records.count();
    }

    private void handle(String key, CloudEvent event) {
        if (store.seen(event.getId())) {
            duplicates++;
            return;
        }
        Object sequenceAttribute = event.getExtension("sequence");
        long sequence = sequenceAttribute == null ? -1 : Long.parseLong(sequenceAttribute.toString());
        PersonnelFiles files = store.personnelFiles();
        if (sequence >= 0 && sequence <= files.lastSequence(key)) {
            duplicates++;
            store.remember(event.getId());
            return;
        }
        boolean changed = files.apply(event.getType(), key, sequence, data(event));
        if (changed) {
            applied++;
            System.out.printf("%s #%d %s -> %s%n", key, sequence, event.getType(), files.of(key).orElseThrow());
        } else {
            ignored++;
        }
        store.remember(event.getId());
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return event.getData() == null ? JSON.createObjectNode() : JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.getId() + " is not JSON", e);
        }
    }

    public void run(AtomicBoolean running) {
        while (running.get()) {
            pollOnce(Duration.ofMillis(500));
        }
    }

    public long applied() {
        return applied;
    }

    public long duplicates() {
        return duplicates;
    }

    public long ignored() {
        return ignored;
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** {@code java -jar hr-consumer.jar [--bootstrap host:port] [--state file]}; Ctrl-C stops it. */
    public static void main(String[] args) {
        String bootstrap = envOr("LEDGER_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        Path state = Path.of(".hr-consumer", "state.json");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--state" -> state = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AtomicBoolean running = new AtomicBoolean(true);
        HrConsumer hr = new HrConsumer(bootstrap, new LocalStore(state));
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                main.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("hr-system consuming " + TOPIC + " from " + bootstrap + ", state in " + state.toAbsolutePath());
        try (hr) {
            hr.run(running);
        }
        System.out.printf("stopped: %d applied, %d duplicates skipped, %d ignored%n", hr.applied(), hr.duplicates(),
                hr.ignored());
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
