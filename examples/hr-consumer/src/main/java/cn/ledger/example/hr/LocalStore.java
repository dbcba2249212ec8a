package cn.ledger.example.hr;

import cn.ledger.example.hr.PersonnelFiles.PersonnelFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HR system's own store, here a single JSON file: the personnel files and the {@code ce_id}s of
 * every event applied to them. Both are written together, atomically (a new file renamed over the
 * old one), before the consumer commits its offsets; so after a crash either both the change and
 * its id are there (a redelivery is recognised and skipped) or neither is (the event is applied
 * when it comes again). A real HR system does the same with one database transaction.
 */
public final class LocalStore {

    /** The file's content. */
    public record Content(List<String> processedEventIds, List<PersonnelFile> personnelFiles) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Set<String> processed = new LinkedHashSet<>();
    private final PersonnelFiles personnelFiles = new PersonnelFiles();

    public LocalStore(Path file) {
        this.file = file.toAbsolutePath();
        try {
            if (Files.exists(this.file)) {
                Content content = JSON.readValue(this.file.toFile(), Content.class);
                processed.addAll(content.processedEventIds());
                content.personnelFiles().forEach(personnelFiles::restore);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + this.file, e);
        }
    }

    public boolean seen(String eventId) {
        return processed.contains(eventId);
    }

    public void remember(String eventId) {
        processed.add(eventId);
    }

    public PersonnelFiles personnelFiles() {
        return personnelFiles;
    }

    public int processedCount() {
        return processed.size();
    }

    /** Writes the personnel files and the processed ids together, atomically. */
    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            JSON.writerWithDefaultPrettyPrinter().writeValue(next.toFile(),
                    new Content(new ArrayList<>(processed), personnelFiles.all()));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
