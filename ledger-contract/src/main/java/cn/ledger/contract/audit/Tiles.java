package cn.ledger.contract.audit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Merkle log cut into tiles as C2SP tlog-tiles lays them out (https://c2sp.org/tlog-tiles): a tile
 * of level L holds up to 256 consecutive hashes of height 8·L in the tree (level 0: the leaf hashes;
 * level 1: the roots of each 256 leaves; …), 32 bytes each. Tile N of level L is served at
 * {@code tile/<L>/<N>} when full (256 hashes, never changing again) and as its first W hashes at
 * {@code tile/<L>/<N>.p/<W>} while the tree ends inside it; N is written in 3-digit groups, all but the
 * last prefixed with {@code x} (1234067 → {@code x001/x234/067}). The leaves themselves are served in
 * entry bundles, {@code tile/entries/<N>[.p/<W>]}: each entry as a big-endian 2-byte length and its bytes.
 */
public final class Tiles {

    /** Tile height: each tile spans 8 levels of the tree. */
    public static final int HEIGHT = 8;
    /** Hashes in a full tile. */
    public static final int WIDTH = 1 << HEIGHT;
    public static final int HASH_SIZE = 32;
    /** The largest entry an entry bundle can hold. */
    public static final int MAX_ENTRY = 0xFFFF;

    /** A tile (level −1: an entry bundle); width 256 is a full tile. */
    public record Tile(int level, long index, int width) {

        public Tile {
            if (level < -1 || level > 63 || index < 0 || width < 1 || width > WIDTH) {
                throw new IllegalArgumentException("no tile " + level + "/" + index + "/" + width);
            }
        }

        public boolean full() {
            return width == WIDTH;
        }

        public boolean entries() {
            return level == -1;
        }

        /** Its path under the log's prefix. */
        public String path() {
            return "tile/" + (entries() ? "entries" : Integer.toString(level)) + "/" + encode(index)
                    + (full() ? "" : ".p/" + width);
        }
    }

    private static final Pattern PATH = Pattern.compile(
            "tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");

    private Tiles() {}

    /** N in 3-digit groups, all but the last prefixed with x. */
    public static String encode(long n) {
        String digits = Long.toString(n);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                out.append('/');
            }
            if (i + 3 < digits.length()) {
                out.append('x');
            }
            out.append(digits, i, i + 3);
        }
        return out.toString();
    }

    /** The tile a path names, if it is a well-formed tile path (no leading zero group, width 1–255). */
    public static Optional<Tile> parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(2).replace("x", "").replace("/", "");
        if (digits.length() > 3 && digits.startsWith("000") || digits.length() > 18) {
            return Optional.empty();                        // not the canonical encoding, or beyond a long
        }
        int width = m.group(3) == null ? WIDTH : Integer.parseInt(m.group(3));
        int level = "entries".equals(m.group(1)) ? -1 : Integer.parseInt(m.group(1));
        if (m.group(3) != null && width >= WIDTH || level > 63) {
            return Optional.empty();
        }
        Tile tile = new Tile(level, Long.parseLong(digits), width);
        return encode(tile.index()).equals(m.group(2)) ? Optional.of(tile) : Optional.empty();
    }

    /**
     * How many hashes of tile {@code index} of {@code level} the tree of size n has (0 when none, 256 when
     * the tile is full in it).
     */
    public static int widthIn(long treeSize, int level, long index) {
        long hashes = level < 0 ? treeSize : treeSize >>> (HEIGHT * level);
        long before = index * WIDTH;
        return (int) Math.max(0, Math.min(WIDTH, hashes - before));
    }

    /** The root of a full tile's 256 hashes (the hash of height 8·(L+1) it stands for). */
    public static byte[] root(byte[] tile, int offset, int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("not a complete subtree: " + count + " hashes");
        }
        if (count == 1) {
            byte[] hash = new byte[HASH_SIZE];
            System.arraycopy(tile, offset * HASH_SIZE, hash, 0, HASH_SIZE);
            return hash;
        }
        return MerkleTree.nodeHash(root(tile, offset, count / 2), root(tile, offset + count / 2, count / 2));
    }

    /** Reads the hashes a tile holds so far (empty when none). */
    @FunctionalInterface
    public interface Source {
        byte[] read(int level, long index);
    }

    /** A tile's hashes after an append: the whole tile as it now stands. */
    public record Write(int level, long index, byte[] hashes) {}

    /**
     * The tiles that change when these leaf hashes are appended to a tree of {@code treeSize} leaves: the
     * level-0 tiles take the leaf hashes; each tile that fills up adds its root to the tile above.
     * Reads at most the rightmost tile of each level.
     */
    public static List<Write> append(long treeSize, List<byte[]> leafHashes, Source tiles) {
        List<Write> writes = new ArrayList<>();
        List<byte[]> incoming = leafHashes;
        for (int level = 0; !incoming.isEmpty(); level++) {
            long have = treeSize >>> (HEIGHT * level);           // hashes of height 8·level before the append
            long index = have / WIDTH;
            ByteArrayOutputStream tile = new ByteArrayOutputStream();
            if (have % WIDTH != 0) {
                byte[] current = tiles.read(level, index);
                if (current.length != (have % WIDTH) * HASH_SIZE) {
                    throw new IllegalStateException("tile " + level + "/" + index + " holds " + current.length / HASH_SIZE
                            + " hashes, the tree of " + treeSize + " needs " + have % WIDTH);
                }
                tile.writeBytes(current);
            }
            List<byte[]> completed = new ArrayList<>();
            for (byte[] hash : incoming) {
                tile.writeBytes(hash);
                if (tile.size() == WIDTH * HASH_SIZE) {
                    byte[] full = tile.toByteArray();
                    writes.add(new Write(level, index++, full));
                    completed.add(root(full, 0, WIDTH));
                    tile.reset();
                }
            }
            if (tile.size() > 0) {
                writes.add(new Write(level, index, tile.toByteArray()));
            }
            incoming = completed;
        }
        return writes;
    }

    /**
     * The complete subtrees of a tiled tree: the hash of height h = 8·L + r at index i is the root of the
     * 2^r hashes of tile level L from i·2^r, all within one tile.
     */
    public static MerkleTree.Subtrees subtrees(Source tiles) {
        return (height, index) -> {
            int level = height / HEIGHT;
            int r = height % HEIGHT;
            long first = index << r;
            byte[] tile = tiles.read(level, first / WIDTH);
            int offset = (int) (first % WIDTH);
            if (tile.length < (offset + (1 << r)) * HASH_SIZE) {
                throw new IllegalStateException("tile " + level + "/" + first / WIDTH + " holds "
                        + tile.length / HASH_SIZE + " hashes, not " + (offset + (1 << r)));
            }
            return root(tile, offset, 1 << r);
        };
    }

    /** An entry bundle of these entries. */
    public static byte[] bundle(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            if (entry.length > MAX_ENTRY) {
                throw new IllegalArgumentException("an entry of " + entry.length + " bytes does not fit a bundle");
            }
            out.write(entry.length >>> 8);
            out.write(entry.length & 0xFF);
            out.writeBytes(entry);
        }
        return out.toByteArray();
    }

    /** The entries of a bundle; an exception when it is cut short or has bytes left over. */
    public static List<byte[]> entries(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int at = 0;
        while (at < bundle.length) {
            if (at + 2 > bundle.length) {
                throw new IllegalArgumentException("entry bundle cut short at byte " + at);
            }
            int length = (bundle[at] & 0xFF) << 8 | bundle[at + 1] & 0xFF;
            at += 2;
            if (at + length > bundle.length) {
                throw new IllegalArgumentException("entry bundle cut short at byte " + at);
            }
            byte[] entry = new byte[length];
            System.arraycopy(bundle, at, entry, 0, length);
            entries.add(entry);
            at += length;
        }
        return entries;
    }
}
