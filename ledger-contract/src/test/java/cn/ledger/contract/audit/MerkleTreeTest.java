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

    @Test
    void rootsMatchTheReferenceData() {
        List<byte[]> tree = reference();
        assertThat(MerkleTree.hex(MerkleTree.root(tree, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleTree.hex(MerkleTree.root(tree, 1)))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(MerkleTree.hex(MerkleTree.root(tree, 8)))
                .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
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
        assertThat(event.leafHash()).isEqualTo(event.leafHash());
    }
}
