package cn.ledger.contract.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Ed25519 keys as the ledger keeps them: a private key in base64 PKCS#8, its public key derived from it. */
public final class Ed25519Keys {

    private Ed25519Keys() {}

    /** The private key of base64 PKCS#8. */
    public static PrivateKey privateKey(String base64Pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8.trim())));
    }

    /** Ed25519's public key of a private key: the generator rebuilds the pair from the key's seed. */
    public static PublicKey publicKey(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the Ed25519 key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("cannot derive the public key of an Ed25519 key");
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    }

    /** A random source that yields the key's seed, so the generator rebuilds the same key pair. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
