package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.config.GroupCommitBus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Group commit ({@code ledger.command.group-commit.enabled}, on for this module's ITs): many commands sent at once on
 * different streams, some refused by a rule, some on one stream, one whose append hits the stream's key (an event
 * appended behind the aggregate cache's back, as another instance would), and groups whose shared {@code COMMIT}
 * fails (a deferred constraint). Every answer must match the store: each accepted command's event stored once with
 * its {@code Idempotency-Key} marked committed, nothing of a refused one — and groups must really have formed.
 */
class GroupCommitIT extends CommandServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 32;

    @Autowired
    MeterRegistry meters;

    /** One command sent, and what it was answered. */
    record Sent(String cadre, String key, boolean refusable, HttpResponse<String> answer) {}

    @Test
    void concurrentCommandsShareCommitsAndEveryAnswerMatchesTheStore() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String unit = "gu-" + p;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"单位\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        List<String> cadres = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            cadres.add("gc-" + p + "-" + i);
        }
        // registrations at once: creations share commits too
        List<Sent> registered = concurrently(cadres.stream().map(c -> (Callable<Sent>) () -> new Sent(c, null, false,
                post("/api/v1/cadres", cadre(c, unit)))).toList());
        registered.forEach(s -> assertThat(s.answer().statusCode()).as(s.answer().body()).isEqualTo(201));

        // an event appended behind the cache's back: the next append on this stream hits the key
        String behind = cadres.get(0);
        jdbc.update("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                payload_type, payload_revision, payload, meta_data)
                SELECT gen_random_uuid()::text, aggregate_identifier, sequence_number + 1, type, time_stamp, payload_type,
                       payload_revision, payload, meta_data
                  FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""", behind);

        double groupsBefore = batchSizes().count();
        double commandsBefore = batchSizes().totalAmount();

        List<Callable<Sent>> work = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < cadres.size(); i++) {
                String c = cadres.get(i);
                String key = "gk-" + p + "-" + round + "-" + i;
                // every seventh command breaks a rule (a year graded before it begins); the first cadres take
                // three commands each in every round (one stream, several commands at once)
                boolean refusable = i % 7 == 3;
                int times = i < 4 ? 3 : 1;
                for (int t = 0; t < times; t++) {
                    String k = key + "-" + t;
                    work.add(() -> new Sent(c, k, refusable, refusable
                            ? post("/api/v1/cadres/" + c + "/annual-grades",
                                    "{\"year\":2024,\"grade\":\"COMPETENT\",\"effectiveDate\":\"2023-09-01\"}",
                                    "Idempotency-Key", k)
                            : post("/api/v1/cadres/" + c + "/entries", entry(), "Idempotency-Key", k)));
                }
            }
        }
        List<Sent> sent = concurrently(work);

        double groups = batchSizes().count() - groupsBefore;
        double commands = batchSizes().totalAmount() - commandsBefore;
        System.out.printf("[group commit] %d commands sent by %d clients: %.0f commits for %.0f command runs "
                + "(%.1f per commit)%n", sent.size(), CLIENTS, groups, commands, commands / groups);
        assertThat(commands).as("commands run in groups of more than one").isGreaterThan(groups);

        checkAnswersMatchTheStore(sent, cadres);
        // the stream whose append hit the key: its commands were answered 201 after the retry on the stream as stored
        assertThat(sent.stream().filter(s -> s.cadre().equals(behind)).map(s -> s.answer().statusCode()))
                .containsOnly(201);
    }

    @Test
    void aGroupWhoseCommitFailsAnswersEveryMemberFromARunAlone() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String unit = "gf-" + p;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"单位\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        List<String> cadres = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String c = (i % 2 == 0 ? "gcfail-" : "gcok-") + p + "-" + i;
            cadres.add(c);
            assertThat(post("/api/v1/cadres", cadre(c, unit)).statusCode()).isEqualTo(201);
        }
        // checked at COMMIT: a transaction that appends to a gcfail- stream and to another stream fails
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION gc_fail_shared() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.aggregate_identifier LIKE 'gcfail-%' AND EXISTS (
                      SELECT 1 FROM domain_event_entry WHERE tx_id = NEW.tx_id AND aggregate_identifier <> NEW.aggregate_identifier) THEN
                    RAISE EXCEPTION 'shared commit refused for the test';
                  END IF;
                  RETURN NULL;
                END $$""");
        jdbc.execute("CREATE CONSTRAINT TRIGGER gc_fail_shared AFTER INSERT ON domain_event_entry "
                + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gc_fail_shared()");
        try {
            double failedBefore = failedCommits().count();
            List<Sent> sent = new ArrayList<>();
            for (int round = 0; round < 20 && failedCommits().count() == failedBefore; round++) {
                List<Callable<Sent>> work = new ArrayList<>();
                for (int i = 0; i < cadres.size(); i++) {
                    String c = cadres.get(i);
                    String k = "gfk-" + p + "-" + round + "-" + i;
                    work.add(() -> new Sent(c, k, false, post("/api/v1/cadres/" + c + "/entries", entry(),
                            "Idempotency-Key", k)));
                }
                sent.addAll(concurrently(work));
            }
            assertThat(failedCommits().count()).as("groups whose shared commit failed").isGreaterThan(failedBefore);
            sent.forEach(s -> assertThat(s.answer().statusCode()).as(s.answer().body()).isEqualTo(201));
            checkAnswersMatchTheStore(sent, cadres);
        } finally {
            jdbc.execute("DROP TRIGGER gc_fail_shared ON domain_event_entry");
            jdbc.execute("DROP FUNCTION gc_fail_shared()");
        }
    }

    @Test
    void aClosedLoopOf32ClientsIsAnsweredInFull() throws Exception {
        closedLoop(this, environment.getProperty("ledger.command.group-commit.enabled", Boolean.class, false)
                ? "with group commit" : "without group commit");
    }

    /**
     * A closed loop: {@value #CLIENTS} clients, each posting one entry at a time to a cadre of its own for a few
     * seconds; prints commands/s (a figure for docs/performance.md, not checked: the machine is shared) and checks
     * every command was answered 201 and stored. {@code -Dledger.test.load-seconds} sets the duration and
     * {@code -Dledger.test.group-commit=false} runs it without grouping (only this method then: the others check
     * that groups form).
     */
    static void closedLoop(CommandServiceIT it, String label) throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String unit = "gl-" + p;
        assertThat(it.post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"单位\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        List<String> cadres = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            cadres.add("gl-" + p + "-" + i);
            assertThat(it.post("/api/v1/cadres", cadre(cadres.get(i), unit)).statusCode()).isEqualTo(201);
        }
        long seconds = Long.getLong("ledger.test.load-seconds", 8);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<long[]>> done = new ArrayList<>();
            for (String c : cadres) {
                done.add(clients.submit(() -> {
                    long ok = 0;
                    long other = 0;
                    while (System.nanoTime() < end) {
                        if (it.post("/api/v1/cadres/" + c + "/entries", entry()).statusCode() == 201) {
                            ok++;
                        } else {
                            other++;
                        }
                    }
                    return new long[] {ok, other};
                }));
            }
            long ok = 0;
            long other = 0;
            for (Future<long[]> f : done) {
                ok += f.get()[0];
                other += f.get()[1];
            }
            System.out.printf("[group commit] closed loop, %s: %d clients, %d s: %d commands answered 201 (%.0f/s), "
                    + "%d otherwise%n", label, CLIENTS, seconds, ok, ok / (double) seconds, other);
            assertThat(other).isZero();
            assertThat(it.jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? "
                    + "AND payload_type LIKE '%EntryRecorded'", Long.class, "gl-" + p + "-%")).isEqualTo(ok);
        } finally {
            clients.shutdown();
        }
    }

    /**
     * Each accepted command's event is stored once at the position it was answered, with its key marked committed;
     * a refused command left nothing (no event, its key not marked); nothing else was appended to these streams.
     */
    private void checkAnswersMatchTheStore(List<Sent> sent, List<String> cadres) throws Exception {
        Map<String, Set<Long>> answered = new HashMap<>();
        for (Sent s : sent) {
            Map<String, Object> key = jdbc.queryForMap(
                    "SELECT status, committed_at FROM idempotency_key WHERE idempotency_key = ?", s.key());
            if (s.refusable()) {
                assertThat(s.answer().statusCode()).as(s.answer().body()).isEqualTo(422);
                assertThat(key.get("committed_at")).as("a refused command's key is not marked").isNull();
                continue;
            }
            assertThat(s.answer().statusCode()).as(s.answer().body()).isEqualTo(201);
            assertThat(key.get("committed_at")).as("an accepted command's key commits with its event").isNotNull();
            assertThat(key.get("status")).isEqualTo(201);
            JsonNode body = JSON.readTree(s.answer().body());
            assertThat(body.get("streamId").asText()).isEqualTo(s.cadre());
            assertThat(answered.computeIfAbsent(s.cadre(), c -> new HashSet<>()).add(body.get("sequenceNumber").asLong()))
                    .as("two answers at one position").isTrue();
        }
        for (String cadre : cadres) {
            Set<Long> expected = answered.getOrDefault(cadre, Set.of());
            List<Long> stored = jdbc.queryForList("SELECT sequence_number FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? AND payload_type LIKE '%EntryRecorded' ORDER BY sequence_number",
                    Long.class, cadre);
            assertThat(new HashSet<>(stored)).as("stored entries of " + cadre).isEqualTo(expected);
            assertThat(stored).hasSameSizeAs(expected);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "AND payload_type LIKE '%AnnualGradeRecorded'", Long.class, cadre)).isZero();
        }
    }

    private List<Sent> concurrently(List<Callable<Sent>> work) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Sent> results = new ArrayList<>();
            for (Future<Sent> f : clients.invokeAll(work)) {
                results.add(f.get());
            }
            return results;
        } finally {
            clients.shutdown();
        }
    }

    private DistributionSummary batchSizes() {
        return meters.get(GroupCommitBus.BATCH_SIZE_METRIC).summary();
    }

    private Counter failedCommits() {
        return meters.get(GroupCommitBus.FAILED_COMMITS_METRIC).counter();
    }

    private static String cadre(String id, String unit) {
        return "{\"cadreId\":\"" + id + "\",\"name\":\"王建国\",\"unitId\":\"" + unit + "\",\"post\":\"科长\","
                + "\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\",\"rankSince\":\"2020-01-01\","
                + "\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,\"effectiveDate\":\"2023-01-01\"}";
    }

    private static String entry() {
        return "{\"polarity\":\"POSITIVE\",\"aspect\":\"平安建设\",\"points\":1,\"summary\":\"按期完成\","
                + "\"effectiveDate\":\"2023-09-01\"}";
    }
}
