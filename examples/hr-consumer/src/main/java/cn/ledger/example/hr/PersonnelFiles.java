package cn.ledger.example.hr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HR system's side: one personnel file per cadre, kept in step with the ledger. It reads only
 * the fields it needs from the published JSON and ignores every other field and every type it does
 * not know, as the contract asks of consumers.
 */
public final class PersonnelFiles {

    /** What this HR system keeps about a cadre. */
    public record PersonnelFile(String cadreId, String name, String unitId, String post, String postLevel,
            String rank, int negativeEntries, int sanctions, long lastSequence) {

        PersonnelFile withSequence(long sequence) {
            return new PersonnelFile(cadreId, name, unitId, post, postLevel, rank, negativeEntries, sanctions, sequence);
        }
    }

    private final Map<String, PersonnelFile> files = new LinkedHashMap<>();

    /**
     * Applies one event of a cadre's stream. Returns false when the type is not one this system
     * follows (it is skipped, not an error).
     */
    public boolean apply(String type, String cadreId, long sequence, JsonNode data) {
        PersonnelFile f = files.get(cadreId);
        PersonnelFile next = switch (type) {
            case "cn.ledger.cadre-registered.v1" -> new PersonnelFile(cadreId, data.path("name").asText(),
                    data.path("unitId").asText(), data.path("post").asText(), data.path("postLevel").asText(),
                    data.path("rank").asText(), 0, 0, sequence);
            case "cn.ledger.cadre-appointed.v1" -> f == null ? null : new PersonnelFile(cadreId, f.name(), f.unitId(),
                    data.path("post").asText(), data.path("postLevel").asText(), f.rank(), f.negativeEntries(),
                    f.sanctions(), sequence);
            case "cn.ledger.cadre-rank-changed.v1" -> f == null ? null : new PersonnelFile(cadreId, f.name(), f.unitId(),
                    f.post(), f.postLevel(), data.path("rank").asText(), f.negativeEntries(), f.sanctions(), sequence);
            case "cn.ledger.cadre-transferred.v1" -> f == null ? null : new PersonnelFile(cadreId, f.name(),
                    data.path("toUnitId").asText(), f.post(), f.postLevel(), f.rank(), f.negativeEntries(), f.sanctions(),
                    sequence);
            case "cn.ledger.negative-entry-recorded.v1" -> f == null ? null : new PersonnelFile(cadreId, f.name(),
                    f.unitId(), f.post(), f.postLevel(), f.rank(), f.negativeEntries() + 1, f.sanctions(), sequence);
            case "cn.ledger.sanction-imposed.v1" -> f == null ? null : new PersonnelFile(cadreId, f.name(), f.unitId(),
                    f.post(), f.postLevel(), f.rank(), f.negativeEntries(), f.sanctions() + 1, sequence);
            default -> null;
        };
        if (next == null) {
            if (f != null) {
                files.put(cadreId, f.withSequence(sequence));
            }
            return false;
        }
        files.put(cadreId, next);
        return true;
    }

    void restore(PersonnelFile file) {
        files.put(file.cadreId(), file);
    }

    public java.util.List<PersonnelFile> all() {
        return java.util.List.copyOf(files.values());
    }

    public Optional<PersonnelFile> of(String cadreId) {
        return Optional.ofNullable(files.get(cadreId));
    }

    /** The last sequence applied for a stream, or -1. */
    public long lastSequence(String streamId) {
        PersonnelFile f = files.get(streamId);
        return f == null ? -1 : f.lastSequence();
    }
}
