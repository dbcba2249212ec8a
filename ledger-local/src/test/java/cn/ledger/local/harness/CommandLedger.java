package cn.ledger.local.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The commands a test sent, each by its {@code Idempotency-Key}, and what the ledger answered to each;
 * judged against what the event store, the topic and every read model hold for those keys.
 *
 * <p>Recording (thread-safe; one call per command before it is first sent, one per final answer):
 * <pre>{@code
 * CommandLedger ledger = new CommandLedger();
 * ledger.sent(key, stream);                      // the command's identity and the stream it writes to
 * ledger.acknowledged(key, stream, sequence);    // answered 2xx, with the stream and sequence it named
 * ledger.conflict(key, body);                    // answered 409 "already exists": only the store can tell
 * ledger.refused(key, status, body);             // a final answer neither 2xx nor a documented refusal
 * ledger.clientFailed(what, exception);          // the client itself broke (a worker died)
 * }</pre>
 * The key must also be the request's correlation id ({@code X-Correlation-Id}): ledger-command keeps
 * it in the stored event's metadata and in the published envelope, which is how the key is found again.
 *
 * <p>Judging: collect an {@link Observations} of the store (every event of the run's streams, whatever
 * its key), the topic (every record of those streams, in offset order) and each read model, then
 * {@link #judge(Observations, Conflicts)} and {@link Verdict#assertClean()}. The judge counts, for
 * every key: lost (a command that must be stored but is missing from the store, the topic or a read
 * model), stored twice, applied twice (a read model's count above what is stored), published out of
 * order, and failures (any other answer, a command without a final answer, an event nobody sent, a
 * hole in a stream). Nothing is taken from an answer on faith: a 2xx names a stream and sequence that
 * must hold the key's event; a 409 is "stored once" only if the key's event is in the store.
 */
public final class CommandLedger {

    /** What a 409 "already exists or was changed concurrently" answer must mean for the run. */
    public enum Conflicts {
        /**
         * The client retried until it was told the command is recorded: the key's event must be in the
         * store (a commit whose answer was lost), otherwise the command is lost.
         */
        MUST_BE_STORED,
        /** The client accepted the refusal ("nothing was appended"): the key must not be in the store. */
        MUST_NOT_BE_STORED
    }

    /** A command's final answer. */
    public enum Answer { ACKNOWLEDGED, CONFLICT, REFUSED }

    /** A command as the client saw it. */
    public record Command(String key, String stream, Answer answer, long sequence, String detail) {}

    /** An event in the store; {@code key} is its correlation id, {@code recordId} the record it creates. */
    public record StoredEvent(String key, String stream, long sequence, String eventId, String recordId) {}

    /** A record on the topic, as read in offset order; {@code key} is the envelope's correlation id. */
    public record Published(String key, String stream, long sequence, String eventId, int partition, long offset) {}

    /**
     * What a read model holds. {@code present}: the identities it holds (as given by {@code identity}
     * of a stored event, e.g. its event id or its record id). {@code applied}: the read model's own
     * count per group (e.g. entries per cadre, per unit), each of which must equal the number of
     * distinct stored events of that group ({@code group} of a stored event).
     */
    public record ReadModel(String name, Set<String> present, Function<StoredEvent, String> identity,
            Map<String, Long> applied, Function<StoredEvent, String> group) {

        public ReadModel {
            present = Set.copyOf(present);
            applied = Map.copyOf(applied);
        }

        public long total() {
            return applied.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Everything observed after the run, for the run's streams only. */
    public record Observations(List<StoredEvent> store, List<Published> topic, List<ReadModel> readModels) {

        public Observations {
            store = List.copyOf(store);
            topic = List.copyOf(topic);
            readModels = List.copyOf(readModels);
        }
    }

    private final Map<String, String> streams = new LinkedHashMap<>();
    private final Map<String, Command> answers = new HashMap<>();
    private final List<String> clientFailures = new ArrayList<>();

    /** Registers a command before it is first sent. A key is one command: registering it twice fails. */
    public synchronized void sent(String key, String stream) {
        String before = streams.putIfAbsent(key, stream);
        if (before != null) {
            throw new IllegalArgumentException("the key " + key + " was already used by a command");
        }
    }

    public synchronized void acknowledged(String key, String stream, long sequence) {
        answer(new Command(key, stream, Answer.ACKNOWLEDGED, sequence, null));
    }

    public synchronized void conflict(String key, String body) {
        answer(new Command(key, stream(key), Answer.CONFLICT, -1, body));
    }

    public synchronized void refused(String key, int status, String body) {
        answer(new Command(key, stream(key), Answer.REFUSED, -1, status + " " + body));
    }

    public synchronized void clientFailed(String what, Throwable failure) {
        clientFailures.add(what + ": " + failure);
    }

    public synchronized int sentCount() {
        return streams.size();
    }

    public synchronized int acknowledgedCount() {
        return (int) answers.values().stream().filter(c -> c.answer() == Answer.ACKNOWLEDGED).count();
    }

    public synchronized List<Command> commands() {
        List<Command> all = new ArrayList<>();
        streams.forEach((key, stream) -> all.add(answers.getOrDefault(key, new Command(key, stream, null, -1, null))));
        return all;
    }

    /** The keys answered so far, by answer. */
    public synchronized Set<String> keys(Answer answer) {
        Set<String> keys = new LinkedHashSet<>();
        answers.values().stream().filter(c -> c.answer() == answer).forEach(c -> keys.add(c.key()));
        return keys;
    }

    private String stream(String key) {
        String stream = streams.get(key);
        if (stream == null) {
            throw new IllegalArgumentException("the command " + key + " was answered but never registered as sent");
        }
        return stream;
    }

    private void answer(Command command) {
        stream(command.key());
        Command before = answers.putIfAbsent(command.key(), command);
        if (before != null) {
            clientFailures.add(command.key() + " answered twice: " + before.answer() + ", then " + command.answer());
        }
    }

    // -------------------------------------------------------------------------------------- judging

    /** Judges what was observed against what was answered. */
    public synchronized Verdict judge(Observations seen, Conflicts conflicts) {
        Map<String, List<StoredEvent>> storedByKey = new HashMap<>();
        Map<String, Map<Long, StoredEvent>> storedByStream = new TreeMap<>();
        for (StoredEvent e : seen.store()) {
            storedByKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            storedByStream.computeIfAbsent(e.stream(), k -> new TreeMap<>()).put(e.sequence(), e);
        }
        Map<String, String> lost = new LinkedHashMap<>();        // key → why
        List<String> storedTwice = new ArrayList<>();
        List<String> failures = new ArrayList<>(clientFailures);

        // the store: every command that must be stored is there once, where its answer said
        for (Command c : commands()) {
            List<StoredEvent> stored = storedByKey.getOrDefault(c.key(), List.of());
            if (stored.size() > 1) {
                storedTwice.add(c.key() + " stored " + stored.size() + " times: " + stored.stream()
                        .map(e -> e.stream() + "#" + e.sequence()).toList());
            }
            if (c.answer() == null) {
                failures.add(c.key() + " was sent and never answered finally");
                continue;
            }
            switch (c.answer()) {
                case ACKNOWLEDGED -> {
                    if (stored.isEmpty()) {
                        lost.put(c.key(), "answered 2xx (" + c.stream() + "#" + c.sequence() + "), not in the store");
                    } else if (stored.stream().noneMatch(e -> e.stream().equals(c.stream())
                            && e.sequence() == c.sequence())) {
                        lost.put(c.key(), "answered 2xx as " + c.stream() + "#" + c.sequence() + ", stored as "
                                + stored.get(0).stream() + "#" + stored.get(0).sequence());
                    }
                }
                case CONFLICT -> {
                    if (conflicts == Conflicts.MUST_BE_STORED && stored.isEmpty()) {
                        lost.put(c.key(), "answered 409 (" + c.detail() + "), not in the store");
                    } else if (conflicts == Conflicts.MUST_NOT_BE_STORED && !stored.isEmpty()) {
                        failures.add(c.key() + " refused with 409 (nothing appended), yet stored as "
                                + stored.get(0).stream() + "#" + stored.get(0).sequence());
                    }
                }
                case REFUSED -> failures.add(c.key() + " answered " + c.detail());
            }
        }
        Set<String> known = new HashSet<>(streams.keySet());
        for (StoredEvent e : seen.store()) {
            if (!known.contains(e.key())) {
                failures.add("stored event " + e.stream() + "#" + e.sequence() + " (key " + e.key()
                        + ") belongs to no command sent");
            }
        }
        storedByStream.forEach((stream, bySequence) -> {
            long expected = bySequence.keySet().iterator().next();
            for (long sequence : bySequence.keySet()) {
                if (sequence != expected) {
                    failures.add("stream " + stream + " has a hole: " + sequence + " after " + (expected - 1));
                }
                expected = sequence + 1;
            }
        });

        // the topic: every stored event, each stream's new sequences in order without holes
        List<String> outOfOrder = new ArrayList<>();
        Map<String, Long> highest = new HashMap<>();
        Set<String> publishedEvents = new HashSet<>();
        long copies = 0;
        for (Published p : seen.topic()) {
            Map<Long, StoredEvent> stream = storedByStream.getOrDefault(p.stream(), Map.of());
            long first = stream.isEmpty() ? p.sequence() : stream.keySet().iterator().next();
            long last = highest.getOrDefault(p.stream(), first - 1);
            if (p.sequence() <= last) {
                copies++;
            } else if (p.sequence() != last + 1) {
                outOfOrder.add(p.stream() + ": " + p.sequence() + " after " + last + " (partition " + p.partition()
                        + ", offset " + p.offset() + ")");
            }
            highest.put(p.stream(), Math.max(last, p.sequence()));
            StoredEvent stored = stream.get(p.sequence());
            if (stored == null || !stored.eventId().equals(p.eventId())) {
                failures.add("published " + p.stream() + "#" + p.sequence() + " (event " + p.eventId()
                        + ") is not that stored event");
            } else {
                publishedEvents.add(p.eventId());
            }
        }
        long onTopic = publishedEvents.size();
        for (StoredEvent e : seen.store()) {
            if (!publishedEvents.contains(e.eventId())) {
                lost.putIfAbsent(e.key(), e.stream() + "#" + e.sequence() + " stored, not on the topic");
            }
        }

        // every read model: every stored event present, each group counted exactly once
        List<ReadModelVerdict> readModels = new ArrayList<>();
        for (ReadModel model : seen.readModels()) {
            List<String> missing = new ArrayList<>();
            Map<String, Long> expected = new TreeMap<>();
            for (StoredEvent e : seen.store()) {
                expected.merge(model.group().apply(e), 1L, Long::sum);
                if (!model.present().contains(model.identity().apply(e))) {
                    missing.add(e.key());
                    lost.putIfAbsent(e.key(), e.stream() + "#" + e.sequence() + " stored, not in " + model.name());
                }
            }
            List<String> appliedTwice = new ArrayList<>();
            List<String> countedShort = new ArrayList<>();
            Set<String> groups = new HashSet<>(expected.keySet());
            groups.addAll(model.applied().keySet());
            for (String group : groups) {
                long want = expected.getOrDefault(group, 0L);
                long got = model.applied().getOrDefault(group, 0L);
                for (long i = want; i < got; i++) {
                    appliedTwice.add(group + ": counted " + got + ", stored " + want);
                }
                if (got < want) {
                    countedShort.add(group + ": counted " + got + ", stored " + want);
                    lost.putIfAbsent(model.name() + "/" + group, model.name() + " counts " + got + " for " + group
                            + ", the store holds " + want);
                }
            }
            readModels.add(new ReadModelVerdict(model.name(), model.total(), missing, appliedTwice, countedShort));
        }

        long acknowledged = answers.values().stream().filter(c -> c.answer() == Answer.ACKNOWLEDGED).count();
        long conflicted = answers.values().stream().filter(c -> c.answer() == Answer.CONFLICT).count();
        List<String> lostLines = lost.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        return new Verdict(streams.size(), acknowledged, conflicted, seen.store().size(), onTopic, copies,
                lostLines, storedTwice, outOfOrder, readModels, failures);
    }

    /** One read model's part of a verdict. */
    public record ReadModelVerdict(String name, long applied, List<String> missing, List<String> appliedTwice,
            List<String> countedShort) {}

    /**
     * The judgement of a run. Each list names what it counts; {@link #assertClean()} fails, with all
     * of it printed, unless lost, stored twice, applied twice, out of order and failures are all empty.
     */
    public record Verdict(long commands, long acknowledged, long conflicts, long stored, long onTopic, long copies,
            List<String> lost, List<String> storedTwice, List<String> outOfOrder, List<ReadModelVerdict> readModels,
            List<String> failures) {

        public long appliedTwice() {
            return readModels.stream().mapToLong(r -> r.appliedTwice().size()).sum();
        }

        public ReadModelVerdict readModel(String name) {
            return readModels.stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no read model " + name));
        }

        public boolean clean() {
            return lost.isEmpty() && storedTwice.isEmpty() && appliedTwice() == 0 && outOfOrder.isEmpty()
                    && failures.isEmpty();
        }

        /** One line of counts, then the first few of each kind of defect. */
        public String report() {
            StringBuilder out = new StringBuilder();
            out.append("commands ").append(commands).append(", acknowledged ").append(acknowledged)
                    .append(", 409 resolved by the store ").append(conflicts).append(", stored ").append(stored)
                    .append(", on the topic ").append(onTopic).append(" (+").append(copies).append(" copies)");
            for (ReadModelVerdict r : readModels) {
                out.append(", ").append(r.name()).append(' ').append(r.applied());
            }
            out.append(" | lost ").append(lost.size()).append(", stored twice ").append(storedTwice.size())
                    .append(", applied twice ").append(appliedTwice()).append(", out of order ")
                    .append(outOfOrder.size()).append(", failures ").append(failures.size());
            section(out, "lost", lost);
            section(out, "stored twice", storedTwice);
            for (ReadModelVerdict r : readModels) {
                section(out, "applied twice by " + r.name(), r.appliedTwice());
            }
            section(out, "out of order", outOfOrder);
            section(out, "failures", failures);
            return out.toString();
        }

        private static void section(StringBuilder out, String title, Collection<String> lines) {
            if (!lines.isEmpty()) {
                out.append("\n  ").append(title).append(':');
                lines.stream().limit(10).forEach(line -> out.append("\n    ").append(line));
                if (lines.size() > 10) {
                    out.append("\n    … ").append(lines.size() - 10).append(" more");
                }
            }
        }

        /** Fails with the report unless nothing was lost, stored twice, applied twice, reordered or failed. */
        public Verdict assertClean() {
            if (!clean()) {
                throw new AssertionError("the ledger did not keep its promise: " + report());
            }
            return this;
        }
    }
}
