package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many SQL statements one command sends from its request: counted from the PostgreSQL driver's own
 * protocol log (every {@code Execute} message — {@code BEGIN} and {@code COMMIT} included — and every
 * {@code Sync}, i.e. round trip) on the threads that serve HTTP requests. The publisher's and the Merkle
 * log's work runs on threads of their own and is not counted here.
 */
class StatementsPerCommandIT extends CommandServiceIT {

    /**
     * Statements a recorded entry may send from its request, for a caller whose scope is a unit three levels
     * up: the cadre's directory row with their unit's ancestry (one query), the event, the commit. (Before the
     * directory lookups were merged: 8 for this caller, 5 for a caller over every unit.)
     */
    static final int MAX_STATEMENTS_PER_ENTRY = 3;

    private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

    private final AtomicLong executes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final Handler counter = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (!Thread.currentThread().getName().startsWith("http-nio")) {
                return;
            }
            String message = record.getMessage();
            if (message.startsWith(" FE=> Execute")) {
                executes.incrementAndGet();
            } else if (message.startsWith(" FE=> Sync")) {
                syncs.incrementAndGet();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previous;

    @BeforeEach
    void listen() {
        previous = DRIVER.getLevel();
        counter.setLevel(Level.ALL);
        DRIVER.addHandler(counter);
    }

    @AfterEach
    void stopListening() {
        DRIVER.removeHandler(counter);
        DRIVER.setLevel(previous);
    }

    @Test
    void anEntryForACadreThreeUnitsBelowTheCallersScopeTakesFewStatements() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String top = "st-" + p;
        String middle = "sm-" + p;
        String leaf = "sl-" + p;
        String cadre = "sc-" + p;
        unit(top, null);
        unit(middle, top);
        unit(leaf, middle);
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王建国\",\"unitId\":\"" + leaf
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        String scoped = token("it-scoped", List.of(Role.RECORDER), List.of(top), null);
        String everywhere = token("it-everywhere", List.of(Role.RECORDER), List.of(Caller.ALL_UNITS), null);
        // the first command loads the cadre; the following ones find it in the aggregate cache
        assertThat(entry(cadre, scoped).statusCode()).isEqualTo(201);

        double[] scopedCost = measure(cadre, scoped, 20);
        double[] everywhereCost = measure(cadre, everywhere, 20);
        System.out.printf("[statements] per recorded entry: caller scoped three units up %.1f statements in %.1f "
                        + "round trips; caller over every unit %.1f statements in %.1f round trips%n",
                scopedCost[0], scopedCost[1], everywhereCost[0], everywhereCost[1]);

        assertThat(scopedCost[0]).as("statements per entry, scoped caller").isGreaterThan(0)
                .isLessThanOrEqualTo(MAX_STATEMENTS_PER_ENTRY);
        assertThat(everywhereCost[0]).as("statements per entry, caller over every unit: the scope's ancestry costs none")
                .isEqualTo(scopedCost[0]);
        // a scope that does not cover the cadre is still refused
        String elsewhere = token("it-elsewhere", List.of(Role.RECORDER), List.of("nowhere-" + p), null);
        assertThat(entry(cadre, elsewhere).statusCode()).isEqualTo(403);
    }

    private double[] measure(String cadre, String token, int commands) throws Exception {
        DRIVER.setLevel(Level.FINEST);
        executes.set(0);
        syncs.set(0);
        for (int i = 0; i < commands; i++) {
            assertThat(entry(cadre, token).statusCode()).isEqualTo(201);
        }
        DRIVER.setLevel(previous);
        return new double[] {executes.get() / (double) commands, syncs.get() / (double) commands};
    }

    private void unit(String id, String parent) throws Exception {
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + id + "\",\"name\":\"单位\",\"category\":\"STREET_OFFICE\","
                + (parent == null ? "" : "\"parentUnitId\":\"" + parent + "\",")
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> entry(String cadre, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/cadres/" + cadre + "/entries")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\",\"points\":1,"
                        + "\"summary\":\"督查发现问题\",\"effectiveDate\":\"2023-09-01\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
