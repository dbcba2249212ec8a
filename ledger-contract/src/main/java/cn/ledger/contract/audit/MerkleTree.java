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

    /** The root of the tree of the first {@code n} leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes, long n) {
        check(n <= leafHashes.size(), "the tree has " + leafHashes.size() + " leaves, not " + n);
        if (n == 0) {
            return sha256().digest();
        }
        return subtree(leafHashes, 0, (int) n);
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code n} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, long index, long n) {
        check(n <= leafHashes.size() && index >= 0 && index < n, "no leaf " + index + " in a tree of " + n);
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, (int) index, 0, (int) n, path);
        return path;
    }

    /** The proof that the tree of the first {@code m} leaves is a prefix of the tree of the first {@code n}. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, long m, long n) {
        check(0 < m && m <= n && n <= leafHashes.size(), "no consistency proof from " + m + " to " + n);
        List<byte[]> proof = new ArrayList<>();
        subproof(leafHashes, (int) m, 0, (int) n, true, proof);
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

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    private static void path(List<byte[]> leaves, int index, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (index < k) {
            path(leaves, index, from, from + k, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            path(leaves, index - k, from + k, to, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtree(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, complete, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
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
