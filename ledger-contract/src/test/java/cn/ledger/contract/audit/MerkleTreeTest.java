package cn.ledger.contract.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    /** The leaves of the RFC 6962 reference test data (certificate-transparency's merkle tree tests). */
    static final String[] REFERENCE_LEAVES = {"", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    static List<byte[]> reference() {
        List<byte[]> hashes = new ArrayList<>();
        for (String leaf : REFERENCE_LEAVES) {
            hashes.add(MerkleTree.leafHash(MerkleTree.unhex(leaf)));
        }
        return hashes;
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        return hashes;
    }

    /** The roots of the first n reference leaves, n = 0..8, as certificate-transparency's tests list them. */
    static final String[] REFERENCE_ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void rootsMatchTheReferenceData() {
        List<byte[]> tree = reference();
        for (int n = 0; n <= 8; n++) {
            assertThat(MerkleTree.hex(MerkleTree.root(tree, n))).as("root of " + n).isEqualTo(REFERENCE_ROOTS[n]);
        }
    }

    @Test
    void auditPathsAndConsistencyProofsMatchTheReferenceData() {
        List<byte[]> tree = reference();
        assertThat(hex(MerkleTree.inclusionProof(tree, 0, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTree.inclusionProof(tree, 5, 8))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTree.inclusionProof(tree, 2, 3))).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(MerkleTree.inclusionProof(tree, 1, 5))).containsExactly(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(hex(MerkleTree.consistencyProof(tree, 1, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTree.consistencyProof(tree, 6, 8))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTree.consistencyProof(tree, 2, 5))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleTree::hex).toList();
    }

    @Test
    void everyInclusionProofVerifiesAndNoWrongOneDoes() {
        List<byte[]> tree = leaves(40);
        for (int n = 1; n <= 40; n++) {
            byte[] root = MerkleTree.root(tree, n);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.inclusionProof(tree, i, n);
                assertThat(MerkleTree.verifyInclusion(tree.get(i), i, n, path, root)).as(i + " in " + n).isTrue();
                int other = (i + 1) % n;
                if (other != i) {
                    assertThat(MerkleTree.verifyInclusion(tree.get(other), i, n, path, root)).isFalse();
                }
                if (n > 1) {
                    byte[] otherRoot = MerkleTree.root(tree, n - 1);
                    assertThat(MerkleTree.verifyInclusion(tree.get(i), i, n, path, otherRoot)).isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndATamperedPrefixDoesNot() {
        List<byte[]> tree = leaves(40);
        for (int n = 1; n <= 40; n++) {
            byte[] second = MerkleTree.root(tree, n);
            for (int m = 1; m <= n; m++) {
                byte[] first = MerkleTree.root(tree, m);
                List<byte[]> proof = MerkleTree.consistencyProof(tree, m, n);
                assertThat(MerkleTree.verifyConsistency(m, n, first, second, proof)).as(m + " → " + n).isTrue();
                if (m < n) {
                    List<byte[]> altered = new ArrayList<>(tree);
                    altered.set(m - 1, MerkleTree.leafHash(new byte[] {42}));
                    assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(altered, m), second, proof))
                            .as("altered leaf " + (m - 1) + " of " + m + " → " + n).isFalse();
                }
            }
        }
    }

    @Test
    void aCheckpointVerifiesOnlyWithItsKeyAndUnchanged() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair key = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        String keyId = Checkpoint.keyId(key.getPublic().getEncoded());
        Checkpoint checkpoint = Checkpoint.sign(8, MerkleTree.root(reference(), 8), Instant.parse("2026-11-22T08:00:00Z"),
                keyId, key.getPrivate());
        assertThat(checkpoint.verify(publicKey)).isTrue();
        assertThat(checkpoint.signedText()).startsWith("ledger.events checkpoint v1\n8\n5dc9da79");
        assertThat(new Checkpoint(9, checkpoint.rootHash(), checkpoint.issuedAt(), keyId, checkpoint.signature())
                .verify(publicKey)).isFalse();
        assertThat(checkpoint.verify(Base64.getEncoder().encodeToString(other.getPublic().getEncoded()))).isFalse();
    }

    @Test
    void anyChangeToAStoredEventChangesItsLeaf() {
        StoredEvent event = new StoredEvent("e1", "c-wang", 3, "Cadre", "2026-11-22T08:00:00Z",
                "cn.ledger.contract.event.NegativeEntryRecorded", null, "{\"points\":1}".getBytes(), "{}".getBytes());
        StoredEvent changed = new StoredEvent("e1", "c-wang", 3, "Cadre", "2026-11-22T08:00:00Z",
                "cn.ledger.contract.event.NegativeEntryRecorded", null, "{\"points\":2}".getBytes(), "{}".getBytes());
        StoredEvent nullRevision = new StoredEvent("e1", "c-wang", 3, "Cadre", "2026-11-22T08:00:00Z",
                "cn.ledger.contract.event.NegativeEntryRecorded", "", "{\"points\":1}".getBytes(), "{}".getBytes());
        assertThat(event.leafHash()).isNotEqualTo(changed.leafHash()).isNotEqualTo(nullRevision.leafHash());
        // written down by hand from the layout StoredEvent documents, hashed with sha256sum:
        // printf '\x00ledger-leaf/v1\x00\x00\x00\x02e1\x00\x00\x00\x06c-wang ... \x00\x00\x00\x02{}' | sha256sum
        assertThat(MerkleTree.hex(event.leaf())).isEqualTo("6c65646765722d6c6561662f7631"    // ledger-leaf/v1
                + "00000002" + "6531"                                                          // e1
                + "00000006" + "632d77616e67"                                                  // c-wang
                + "00000001" + "33"                                                            // 3
                + "00000005" + "4361647265"                                                    // Cadre
                + "00000014" + "323032362d31312d32325430383a30303a30305a"                      // the timestamp
                + "0000002e" + "636e2e6c65646765722e636f6e74726163742e6576656e742e4e65676174697665456e7472795265636f72646564"
                + "ffffffff"                                                                    // no revision
                + "0000000c" + "7b22706f696e7473223a317d"                                      // {"points":1}
                + "00000002" + "7b7d");                                                        // {}
        assertThat(MerkleTree.hex(event.leafHash()))
                .isEqualTo("47ba2da125301009a90effe0f6d6c91e4e16aaaa90ffd5504e1125430a8cdf2f");
    }
}
