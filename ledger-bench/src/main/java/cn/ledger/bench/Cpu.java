package cn.ledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * CPU time used by each process taking part, read from {@code /proc/<pid>/stat} (user + system time)
 * before and after a phase: the JVMs by their process ids, PostgreSQL by the backends of the benchmark's
 * database, grouped by whose connection they serve ({@code application_name}). A backend that ends
 * within a phase is not counted (the services' pools keep theirs); PostgreSQL's own background processes
 * (WAL writer, checkpointer) serve the whole server and are not counted either. Where {@code /proc} cannot
 * be read (PostgreSQL on another host) the figure is missing rather than zero.
 */
final class Cpu {

    /** The processes measured, by name, each answering its pid while it runs. */
    private final Map<String, Supplier<OptionalLong>> processes = new LinkedHashMap<>();
    private final Limits limits;
    private final long ticksPerSecond = ticksPerSecond();

    Cpu(Limits limits) {
        this.limits = limits;
    }

    void process(String name, Supplier<OptionalLong> pid) {
        processes.put(name, pid);
    }

    /** Ticks per process name (and per backend, keyed {@code group|pid}) at one moment. */
    record Sample(Map<String, Long> ticks) {}

    Sample sample() {
        Map<String, Long> ticks = new HashMap<>();
        processes.forEach((name, pid) -> pid.get().ifPresent(p -> {
            long t = ticks(p);
            if (t >= 0) {
                ticks.put(name, t);
            }
        }));
        try (Connection c = limits.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid, application_name FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                long t = ticks(rs.getLong(1));
                if (t >= 0) {
                    ticks.put(group(rs.getString(2)) + "|" + rs.getLong(1), t);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Sample(ticks);
    }

    private static String group(String applicationName) {
        if (Peer.APPLICATION_NAME.equals(applicationName)) {
            return "PostgreSQL backends of the peer";
        }
        if (Limits.APPLICATION_NAME.equals(applicationName)) {
            return "PostgreSQL backends of the harness";
        }
        return "PostgreSQL backends of the ledger";
    }

    /** Milliseconds of CPU per process name (backends summed per group) between two samples. */
    Map<String, Double> millisBetween(Sample before, Sample after) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String name : processes.keySet()) {
            if (after.ticks().containsKey(name) && before.ticks().containsKey(name)) {
                millis.put(name, toMillis(after.ticks().get(name) - before.ticks().get(name)));
            }
        }
        Map<String, Double> backends = new LinkedHashMap<>();
        after.ticks().forEach((key, ticks) -> {
            int bar = key.indexOf('|');
            if (bar > 0) {
                long start = before.ticks().getOrDefault(key, 0L);
                backends.merge(key.substring(0, bar), toMillis(ticks - start), Double::sum);
            }
        });
        millis.putAll(new java.util.TreeMap<>(backends));
        return millis;
    }

    private double toMillis(long ticks) {
        return ticks * 1000.0 / ticksPerSecond;
    }

    /** utime + stime of a process, in clock ticks; -1 when it cannot be read. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count from after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
