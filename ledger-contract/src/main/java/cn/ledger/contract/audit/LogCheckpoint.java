package cn.ledger.contract.audit;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's origin, its tree size
 * in decimal and its root hash in base64, one per line — what the signed note of a checkpoint says.
 */
public record LogCheckpoint(String origin, long treeSize, byte[] rootHash) {

    public String text() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** The checkpoint a note's (already verified) text states; extension lines after the third are allowed. */
    public static Optional<LogCheckpoint> parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.size() < 3 || !text.endsWith("\n") || lines.get(0).isEmpty()
                || !lines.get(1).matches("0|[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            byte[] root = Base64.getDecoder().decode(lines.get(2));
            return root.length == 32 ? Optional.of(new LogCheckpoint(lines.get(0), Long.parseLong(lines.get(1)), root))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
