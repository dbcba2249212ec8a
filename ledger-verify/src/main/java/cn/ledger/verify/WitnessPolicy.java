package cn.ledger.verify;

import cn.ledger.contract.audit.Cosignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which witnesses must have cosigned a checkpoint (C2SP tlog-cosignature {@code cosignature/v1}): their
 * verifier keys, and how many of them at least. A checkpoint cosigned by fewer fails, naming the witnesses
 * whose cosignature is missing.
 *
 * @param verifierKeys the witnesses' keys, {@code <name>+<key id>+base64(0x04‖key)}
 * @param quorum       how many of them must have cosigned
 */
public record WitnessPolicy(List<String> verifierKeys, int quorum) {

    /** No witness required. */
    public static final WitnessPolicy NONE = new WitnessPolicy(List.of(), 0);

    public WitnessPolicy {
        verifierKeys = List.copyOf(verifierKeys);
        if (quorum < 0 || quorum > verifierKeys.size()) {
            throw new IllegalArgumentException("a quorum of " + quorum + " cannot be met by " + verifierKeys.size()
                    + " witness" + (verifierKeys.size() == 1 ? "" : "es"));
        }
    }

    /** Checks a checkpoint note (with its cosignature lines): what holds into lines, what does not into failures. */
    public void check(String what, String note, List<String> lines, List<String> failures) {
        if (verifierKeys.isEmpty()) {
            return;
        }
        List<Cosignature.Key> keys = new ArrayList<>();
        for (String key : verifierKeys) {
            Cosignature.Key.parse(key).ifPresentOrElse(keys::add, () -> failures.add("the witness key " + key
                    + " is not a cosignature/v1 Ed25519 verifier key (<name>+<key id>+base64(0x04‖key))"));
        }
        List<Cosignature.Verified> found = Cosignature.cosigners(note, keys);
        for (Cosignature.Verified cosignature : found) {
            lines.add(what + " cosigned by " + cosignature.key().name() + " at "
                    + Instant.ofEpochSecond(cosignature.timestamp()));
        }
        if (found.size() < quorum) {
            List<String> missing = keys.stream().filter(k -> found.stream().noneMatch(f -> f.key() == k))
                    .map(Cosignature.Key::name).toList();
            failures.add(what + " is cosigned by " + found.size() + " of the witnesses required, " + quorum
                    + " needed; no valid cosignature by " + String.join(", ", missing));
        }
    }
}
