package cn.ledger.witness;

import cn.ledger.contract.audit.Cosignature;
import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A C2SP tlog-witness (https://c2sp.org/tlog-witness): for each log it knows (an origin and the log's note
 * verifier keys) it keeps the latest checkpoint it cosigned, in a file of its own written atomically, and
 * cosigns ({@code cosignature/v1}, Ed25519) a new checkpoint only when the log signed it and a consistency
 * proof shows that it extends that one. It never cosigns a smaller tree after a larger one, nor two trees
 * that disagree, across restarts too.
 */
public final class Witness {

    /** The largest number of consistency proof lines a request may carry. */
    static final int MAX_PROOF = 63;

    /** An answer to {@code add-checkpoint}: the HTTP status, its content type and body. */
    public record Answer(int status, String contentType, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body.endsWith("\n") ? body : body + "\n");
        }
    }

    private record State(long size, byte[] root) {}

    private final String name;
    private final PrivateKey key;
    private final byte[] publicKey;
    private final Map<String, List<String>> logs;
    private final Path stateDirectory;
    private final Clock clock;

    /**
     * @param logs origin → the verifier keys ({@code name+hash+base64(0x01‖key)}) whose signature the witness
     *             accepts on that log's checkpoints
     */
    public Witness(String name, PrivateKey key, byte[] publicKey, Map<String, List<String>> logs, Path stateDirectory,
            Clock clock) throws IOException {
        if (!SignedNote.validName(name)) {
            throw new IllegalArgumentException("the witness name '" + name + "' holds white space or '+'");
        }
        this.name = name;
        this.key = key;
        this.publicKey = publicKey.clone();
        this.logs = Map.copyOf(logs);
        this.stateDirectory = stateDirectory;
        this.clock = clock;
        Files.createDirectories(stateDirectory);
    }

    /** The witness's verifier key, {@code <name>+<key id>+base64(0x04‖key)}. */
    public String verifierKey() {
        return Cosignature.verifierKey(name, publicKey);
    }

    public String name() {
        return name;
    }

    /** The size of the latest checkpoint of this log the witness cosigned; 0 when none. */
    public synchronized long size(String origin) {
        return state(origin).map(State::size).orElse(0L);
    }

    /** Handles an {@code add-checkpoint} request body. */
    public Answer addCheckpoint(byte[] body) {
        String request = new String(body, StandardCharsets.UTF_8);
        if (!Arrays.equals(request.getBytes(StandardCharsets.UTF_8), body)) {
            return Answer.text(400, "the body is not UTF-8");
        }
        int header = request.indexOf("\n\n");
        if (header < 0) {
            return Answer.text(400, "no empty line between the old size and proof lines and the checkpoint");
        }
        List<String> lines = request.substring(0, header).lines().toList();
        if (lines.isEmpty() || !lines.get(0).matches("old (0|[1-9][0-9]{0,18})")) {
            return Answer.text(400, "the first line must be 'old <size>', the size in decimal without leading zeroes");
        }
        long old = Long.parseLong(lines.get(0).substring(4));
        if (lines.size() - 1 > MAX_PROOF) {
            return Answer.text(400, "more than " + MAX_PROOF + " consistency proof lines");
        }
        List<byte[]> proof = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                hash = new byte[0];
            }
            if (hash.length != 32) {
                return Answer.text(400, "a consistency proof line is not one hash in base64: " + abbreviate(line));
            }
            proof.add(hash);
        }
        String note = request.substring(header + 2);
        Optional<String> text = Cosignature.text(note);
        Optional<LogCheckpoint> checkpoint = text.flatMap(LogCheckpoint::parse);
        if (checkpoint.isEmpty()) {
            return Answer.text(400, "the checkpoint is not a signed note of origin, size and base64 root hash");
        }
        String origin = checkpoint.get().origin();
        List<String> keys = logs.get(origin);
        if (keys == null) {
            return Answer.text(404, "unknown log " + abbreviate(origin));
        }
        if (keys.stream().noneMatch(k -> SignedNote.open(note, k).filter(text.get()::equals).isPresent())) {
            return Answer.text(403, "no signature by a key of " + origin + " verifies");
        }
        long size = checkpoint.get().treeSize();
        byte[] root = checkpoint.get().rootHash();
        if (old > size) {
            return Answer.text(400, "old size " + old + " is larger than the checkpoint's size " + size);
        }
        synchronized (this) {
            State current = state(origin).orElse(new State(0, null));
            if (old != current.size()) {
                return new Answer(409, "text/x.tlog.size", current.size() + "\n");
            }
            if (old == size) {
                if (current.root() != null && !Arrays.equals(current.root(), root) || !proof.isEmpty()) {
                    return Answer.text(409, "the checkpoint of size " + size + " has another root than the one cosigned");
                }
            } else if (old == 0) {
                if (!proof.isEmpty()) {
                    return Answer.text(422, "the consistency proof from size 0 must be empty");
                }
            } else if (!MerkleTree.verifyConsistency(old, size, current.root(), root, proof)) {
                return Answer.text(422, "the consistency proof from size " + old + " to " + size + " does not verify");
            }
            persist(origin, note);
            long now = clock.instant().getEpochSecond();
            return Answer.text(200, Cosignature.sign(text.get(), now, name, publicKey, key));
        }
    }

    private Optional<State> state(String origin) {
        Path file = file(origin);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            LogCheckpoint kept = Cosignature.text(Files.readString(file)).flatMap(LogCheckpoint::parse)
                    .orElseThrow(() -> new IllegalStateException(file + " holds no checkpoint: the witness will not "
                            + "cosign " + origin + " until it is restored"));
            return Optional.of(new State(kept.treeSize(), kept.rootHash()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the checkpoint into a file beside the log's and only then moves it over it, synced to disk. */
    private void persist(String origin, String note) {
        Path file = file(origin);
        try {
            Path temp = Files.createTempFile(stateDirectory, ".checkpoint", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the checkpoint of " + origin, e);
        }
    }

    private Path file(String origin) {
        return stateDirectory.resolve(URLEncoder.encode(origin, StandardCharsets.UTF_8) + ".checkpoint");
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
