package cn.ledger.contract.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (Certificate Transparency) §2.1 over SHA-256: leaf hash
 * {@code SHA-256(0x00 || leaf)}, node hash {@code SHA-256(0x01 || left || right)}, the tree of n leaves
 * split at the largest power of two below n. Audit paths (inclusion proofs) and consistency proofs are
 * produced as §2.1.1 and §2.1.2 describe, and verified as RFC 9162 §2.1.3.2 and §2.1.4.2 describe.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {}

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(leaf);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /**
     * The hashes of a tree's complete subtrees: {@code hash(h, i)} is the root of the 2^h leaves from
     * {@code i·2^h}. A list of leaf hashes computes them; a tiled log reads them from its tiles.
     */
    @FunctionalInterface
    public interface Subtrees {
        byte[] hash(int height, long index);

        /** The complete subtrees of a list of leaf hashes, computed from the leaves. */
        static Subtrees of(List<byte[]> leafHashes) {
            return new Subtrees() {
                @Override
                public byte[] hash(int height, long index) {
                    return height == 0 ? leafHashes.get(Math.toIntExact(index))
                            : nodeHash(hash(height - 1, 2 * index), hash(height - 1, 2 * index + 1));
                }
            };
        }
    }

    /** The root of the tree of the first {@code n} leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes, long n) {
        check(n <= leafHashes.size(), "the tree has " + leafHashes.size() + " leaves, not " + n);
        return root(Subtrees.of(leafHashes), n);
    }

    /** The root of the tree of size n whose complete subtrees are given. */
    public static byte[] root(Subtrees tree, long n) {
        check(n >= 0, "no tree of size " + n);
        if (n == 0) {
            return sha256().digest();
        }
        return subtree(tree, 0, n);
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code n} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, long index, long n) {
        check(n <= leafHashes.size(), "no leaf " + index + " in a tree of " + n);
        return inclusionProof(Subtrees.of(leafHashes), index, n);
    }

    /** The audit path of leaf {@code index} in the tree of size n whose complete subtrees are given. */
    public static List<byte[]> inclusionProof(Subtrees tree, long index, long n) {
        check(index >= 0 && index < n, "no leaf " + index + " in a tree of " + n);
        List<byte[]> path = new ArrayList<>();
        path(tree, index, 0, n, path);
        return path;
    }

    /** The proof that the tree of the first {@code m} leaves is a prefix of the tree of the first {@code n}. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, long m, long n) {
        check(n <= leafHashes.size(), "no consistency proof from " + m + " to " + n);
        return consistencyProof(Subtrees.of(leafHashes), m, n);
    }

    /** The proof that the tree of size m is a prefix of the tree of size n, whose complete subtrees are given. */
    public static List<byte[]> consistencyProof(Subtrees tree, long m, long n) {
        check(0 < m && m <= n, "no consistency proof from " + m + " to " + n);
        List<byte[]> proof = new ArrayList<>();
        subproof(tree, m, 0, n, true, proof);
        return proof;
    }

    /** Whether {@code path} proves that {@code leafHash} is leaf {@code index} of the tree of size n with root {@code root}. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long n, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= n) {
            return false;
        }
        long fn = index;
        long sn = n - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** Whether {@code proof} shows the tree of size m (root {@code first}) is a prefix of size n (root {@code second}). */
    public static boolean verifyConsistency(long m, long n, byte[] first, byte[] second, List<byte[]> proof) {
        if (m <= 0 || m > n) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(first, second);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) {                 // m is a power of two: the first root starts the path
            path.add(0, first);
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, first) && Arrays.equals(sr, second);
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    /**
     * The hash of leaves [from, to): a complete subtree when its size is a power of two (RFC 6962's split
     * keeps every such range aligned), else split at the largest power of two below its size.
     */
    private static byte[] subtree(Subtrees tree, long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int height = Long.numberOfTrailingZeros(n);
            return tree.hash(height, from >> height);
        }
        long k = split(n);
        return nodeHash(subtree(tree, from, from + k), subtree(tree, from + k, to));
    }

    private static void path(Subtrees tree, long index, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (index < k) {
            path(tree, index, from, from + k, out);
            out.add(subtree(tree, from + k, to));
        } else {
            path(tree, index - k, from + k, to, out);
            out.add(subtree(tree, from, from + k));
        }
    }

    private static void subproof(Subtrees tree, long m, long from, long to, boolean complete, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtree(tree, from, to));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(tree, m, from, from + k, complete, out);
            out.add(subtree(tree, from + k, to));
        } else {
            subproof(tree, m - k, from + k, to, false, out);
            out.add(subtree(tree, from, from + k));
        }
    }

    /** The largest power of two smaller than n (n > 1). */
    private static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
