package cn.ledger.local;

import cn.ledger.embedded.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code .ledger-local/}: what the local run keeps between runs, held by one launcher at a time. The
 * embedded PostgreSQL's cluster ({@code postgres/}), the embedded broker's log, metadata and cluster id
 * ({@code kafka/}) and the services' logs ({@code logs/}) are data, deleted by {@code --fresh}; the signing
 * keys beside them are not (tokens and kept checkpoints stay valid).
 */
final class LocalData {

    static final String LOCK = "launcher.lock";
    static final String PROCESSES = "processes";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private LocalData(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes {@code directory} for this launcher. Another launcher on it holds the lock (the operating
     * system releases it when a launcher dies, so a lock is never stale): then this one stops at once.
     */
    static LocalData open(Path directory) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this JVM already
            }
            if (lock == null) {
                channel.close();
                throw new LocalLedger.UsageError("another ./run-local.sh is running on " + directory
                        + " (stop it first: Ctrl-C in its terminal, or kill <its pid>)");
            }
            return new LocalData(directory, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    Path postgres() {
        return directory.resolve("postgres");
    }

    Path kafka() {
        return directory.resolve("kafka");
    }

    Path logs() {
        return directory.resolve("logs");
    }

    /** Deletes the kept data (PostgreSQL, Kafka, logs), saying before each what it deletes; answers what it deleted. */
    List<Path> fresh(Consumer<String> say) {
        List<Path> deleted = new ArrayList<>();
        Map<Path, String> what = new LinkedHashMap<>();
        what.put(postgres(), "the embedded PostgreSQL's data: every record entered");
        what.put(kafka(), "the embedded Kafka's log: ledger.events and the projectors' positions");
        what.put(logs(), "the services' logs");
        for (Map.Entry<Path, String> e : what.entrySet()) {
            if (Files.exists(e.getKey())) {
                say.accept("--fresh: deleting " + e.getKey() + " (" + e.getValue() + ", " + megabytes(e.getKey()) + " MB)");
                deleteTree(e.getKey());
                deleted.add(e.getKey());
            }
        }
        return deleted;
    }

    private static long megabytes(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / (1024 * 1024);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Notes a service process this launcher started, so that a later launcher can stop it if this one is killed. */
    synchronized void rememberProcess(ServiceProcess service) {
        service.pid().ifPresent(pid -> {
            try {
                Files.writeString(directory.resolve(PROCESSES), pid + " " + service.jar() + System.lineSeparator(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Called when everything it started has stopped. */
    synchronized void forgetProcesses() {
        try {
            Files.deleteIfExists(directory.resolve(PROCESSES));
        } catch (IOException e) {
            // the next launcher finds them gone
        }
    }

    /**
     * Stops what a launcher that was killed (SIGKILL, a crash) left running: the embedded PostgreSQL on this
     * directory's data, and the services it noted that still run the same jar. They would hold the ports
     * and write to the data.
     */
    void stopLeftovers(Consumer<String> say) {
        if (Files.isRegularFile(postgres().resolve("postmaster.pid"))) {
            // before the port check: a PostgreSQL left running on our data holds the port
            PostgresServer.stopOrphanedPostmaster(postgres().toFile());
        }
        Path file = directory.resolve(PROCESSES);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length < 2) {
                    continue;
                }
                String jar = parts[1];
                ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                        .ifPresent(p -> {
                            say.accept("Stopping " + Path.of(jar).getFileName() + " (pid " + p.pid()
                                    + "), left running by a run that was killed …");
                            p.destroy();
                            try {
                                p.onExit().get(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                p.destroyForcibly();
                            }
                        });
            }
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            say.accept("Could not read " + file + " (" + e.getMessage() + "); ignored");
        }
    }

    void release() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // released when the process exits anyway
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
