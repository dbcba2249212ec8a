package cn.ledger.verify;

import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import cn.ledger.contract.audit.StoredEvent;
import cn.ledger.contract.audit.Tiles;
import cn.ledger.contract.audit.TreeBuilder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Checks the log as a C2SP tiled transparency log: the checkpoint note opens with the verifier key the
 * auditor holds; the entry bundles are read one at a time, each entry's leaf hash recomputed and the tree
 * rebuilt from them in bounded memory ({@link TreeBuilder}); every tile, full or partial, is compared with
 * the one rebuilt; the root at a kept checkpoint's size and at the latest must be the notes' roots. Names
 * the first event whose stored bytes changed and every tile that differs. The next entry bundles and their
 * level-0 tiles are read ahead on {@value #READERS} threads while one bundle is checked (at most
 * {@value #AHEAD} bundles ahead, so memory stays bounded), which is what a log's reader waits for.
 */
public final class TileVerifier {

    /** Reads a path under the log's prefix ({@code checkpoint}, {@code tile/…}). */
    @FunctionalInterface
    public interface Fetch {
        byte[] get(String path) throws IOException;
    }

    /** Threads reading ahead, and how many entry bundles (each with its level-0 tile) they may read ahead. */
    static final int READERS = 4;
    static final int AHEAD = 8;

    private TileVerifier() {}

    /**
     * @param log          reads the served log
     * @param verifierKey  the note verifier key the auditor holds ({@code name+hash+key})
     * @param keptNote     a checkpoint note the auditor kept earlier, or null
     * @param progress     told the count of entries read
     */
    public static Verifier.Report verify(Fetch log, String verifierKey, String keptNote, LongConsumer progress)
            throws IOException {
        return verify(log, verifierKey, keptNote, WitnessPolicy.NONE, progress);
    }

    /** As above, and the served checkpoint must carry the cosignatures the policy requires. */
    public static Verifier.Report verify(Fetch log, String verifierKey, String keptNote, WitnessPolicy witnesses,
            LongConsumer progress) throws IOException {
        try (ReadAhead ahead = new ReadAhead(log)) {
            return verify(ahead, verifierKey, keptNote, witnesses, progress);
        }
    }

    private static Verifier.Report verify(ReadAhead log, String verifierKey, String keptNote, WitnessPolicy witnesses,
            LongConsumer progress) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String served = new String(log.get("checkpoint"), StandardCharsets.UTF_8);
        LogCheckpoint latest = open("the served checkpoint", served, verifierKey, lines, failures);
        if (latest != null) {
            witnesses.check("the served checkpoint", served, lines, failures);
        }
        LogCheckpoint kept = keptNote == null ? null : open("the kept checkpoint", keptNote, verifierKey, lines, failures);
        if (latest == null || keptNote != null && kept == null) {
            return report(lines, failures);
        }
        if (kept != null && kept.treeSize() > latest.treeSize()) {
            failures.add("the kept checkpoint of size " + kept.treeSize() + " is larger than the served one of "
                    + latest.treeSize() + ": the log was cut back");
            return report(lines, failures);
        }
        long n = latest.treeSize();
        List<StoredEvent> bundle = new ArrayList<>();
        List<Difference> found = new ArrayList<>();
        long[] differing = {0};
        TreeBuilder tree = new TreeBuilder(full -> compare(log, full, bundle, found, differing));
        String keptRoot = null;
        for (long index = 0; index * Tiles.WIDTH < n; index++) {
            for (long next = index; next < index + AHEAD && next * Tiles.WIDTH < n; next++) {
                log.ahead(new Tiles.Tile(-1, next, Tiles.widthIn(n, -1, next)).path());
                log.ahead(new Tiles.Tile(0, next, Tiles.widthIn(n, 0, next)).path());
            }
            int width = Tiles.widthIn(n, -1, index);
            String path = new Tiles.Tile(-1, index, width).path();
            List<byte[]> entries = Tiles.entries(log.get(path));
            if (entries.size() != width) {
                failures.add(path + " holds " + entries.size() + " entries, not " + width);
                return report(lines, failures);
            }
            bundle.clear();
            for (byte[] entry : entries) {
                bundle.add(event(entry));
                tree.add(MerkleTree.leafHash(entry));
                if (kept != null && tree.size() == kept.treeSize()) {
                    keptRoot = MerkleTree.hex(tree.root());
                }
            }
            progress.accept(tree.size());
        }
        for (Tiles.Write partial : tree.partialTiles()) {
            compare(log, partial, bundle, found, differing);
        }
        String root = MerkleTree.hex(tree.root());
        boolean entriesHold = root.equals(MerkleTree.hex(latest.rootHash()));
        // the entries rebuild the signed root: a differing tile is the tile's fault; else the leaf's event changed
        for (Difference d : found) {
            if (d.event() != null && !entriesHold) {
                failures.add(named(d) + ": its stored bytes no longer hash to the leaf logged in " + d.path());
            } else {
                failures.add(d.path() + " differs from the tile rebuilt from the entries (hash " + d.hash()
                        + (d.event() == null ? "" : ", the leaf of " + named(d)) + ")");
            }
        }
        if (differing[0] > found.size()) {
            failures.add((differing[0] - found.size()) + " more tiles differ (the first " + found.size() + " are named)");
        }
        lines.add(n + " entries read, " + differing[0] + " tile" + (differing[0] == 1 ? "" : "s") + " differ"
                + (!entriesHold && !found.isEmpty() && found.get(0).event() != null
                        ? "; the first altered event: " + named(found.get(0)) : ""));
        if (!entriesHold) {
            failures.add("the " + n + " entries give the root " + root + ", the checkpoint states "
                    + MerkleTree.hex(latest.rootHash()) + ": the history was altered, removed or reordered");
        } else {
            lines.add("root of the " + n + " entries matches the served checkpoint: " + root);
        }
        if (kept != null) {
            if (!MerkleTree.hex(kept.rootHash()).equals(keptRoot)) {
                failures.add("the first " + kept.treeSize() + " entries give the root " + keptRoot + ", the kept "
                        + "checkpoint states " + MerkleTree.hex(kept.rootHash()) + ": history before it was changed");
            } else {
                lines.add("the served log of size " + n + " extends the kept checkpoint of size " + kept.treeSize());
            }
        }
        return report(lines, failures);
    }

    /**
     * Paths asked for ahead are read on other threads; {@link #get} takes a path's bytes once (waiting for them if
     * they are still being read), or reads a path not asked for itself. Used by the verifying thread only.
     */
    private static final class ReadAhead implements Fetch, AutoCloseable {

        private final Fetch log;
        private final ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
            Thread thread = new Thread(r, "tile-reader");
            thread.setDaemon(true);
            return thread;
        });
        private final Map<String, Future<byte[]>> pending = new HashMap<>();

        ReadAhead(Fetch log) {
            this.log = log;
        }

        void ahead(String path) {
            pending.computeIfAbsent(path, p -> readers.submit(() -> log.get(p)));
        }

        @Override
        public byte[] get(String path) throws IOException {
            Future<byte[]> read = pending.remove(path);
            if (read == null) {
                return log.get(path);
            }
            try {
                return read.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("reading " + path, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading " + path);
            }
        }

        @Override
        public void close() {
            readers.shutdownNow();
        }
    }

    /** A served tile that differs from the one rebuilt from the entries: its first differing hash, and its leaf's event. */
    private record Difference(int level, String path, int hash, long leaf, StoredEvent event) {}

    /** Compares a rebuilt tile with the served one. */
    private static void compare(Fetch log, Tiles.Write rebuilt, List<StoredEvent> bundle, List<Difference> found,
            long[] differing) {
        int width = rebuilt.hashes().length / Tiles.HASH_SIZE;
        String path = new Tiles.Tile(rebuilt.level(), rebuilt.index(), width).path();
        byte[] served;
        try {
            served = log.get(path);
        } catch (IOException e) {
            served = new byte[0];
        }
        if (Arrays.equals(served, rebuilt.hashes())) {
            return;
        }
        int hash = 0;
        while (hash < width && served.length >= (hash + 1) * Tiles.HASH_SIZE && Arrays.equals(served,
                hash * Tiles.HASH_SIZE, (hash + 1) * Tiles.HASH_SIZE, rebuilt.hashes(), hash * Tiles.HASH_SIZE,
                (hash + 1) * Tiles.HASH_SIZE)) {
            hash++;
        }
        if (differing[0]++ < Verifier.MAX_NAMED) {
            boolean leaf = rebuilt.level() == 0 && hash < bundle.size();
            found.add(new Difference(rebuilt.level(), path, hash, rebuilt.index() * Tiles.WIDTH + hash,
                    leaf ? bundle.get(hash) : null));
        }
    }

    private static String named(Difference d) {
        return "event " + d.event().eventId() + " (stream " + d.event().aggregateId() + ", sequence "
                + d.event().sequence() + ", leaf " + d.leaf() + ")";
    }

    private static StoredEvent event(byte[] entry) {
        try {
            return StoredEvent.fromLeaf(entry);
        } catch (IllegalArgumentException e) {
            return new StoredEvent("?", "?", -1, null, null, null, null, null, null);
        }
    }

    private static LogCheckpoint open(String what, String note, String verifierKey, List<String> lines,
            List<String> failures) {
        String name = verifierKey.trim().split("\\+", 2)[0];
        LogCheckpoint checkpoint = SignedNote.open(note, verifierKey).flatMap(LogCheckpoint::parse).orElse(null);
        if (checkpoint == null) {
            failures.add(what + " is not a checkpoint signed by " + name + " (or was altered)");
        } else if (!checkpoint.origin().equals(name)) {
            failures.add(what + " is of the log " + checkpoint.origin() + ", not " + name);
            return null;
        } else {
            lines.add(what + " of " + name + ", size " + checkpoint.treeSize() + ": signature valid");
        }
        return checkpoint;
    }

    private static Verifier.Report report(List<String> lines, List<String> failures) {
        List<String> all = new ArrayList<>(lines);
        failures.forEach(f -> all.add("FAIL: " + f));
        all.add(failures.isEmpty() ? "OK"
                : "FAILED (" + failures.size() + " problem" + (failures.size() == 1 ? "" : "s") + ")");
        return new Verifier.Report(failures.isEmpty(), all);
    }
}
