package cn.ledger.command.importing;

import cn.ledger.command.importing.Workbooks.SheetRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upload being checked and appended: the rows read from the file, the problems found, and how far it got.
 * Kept in memory by the instance that took the upload (see docs/import.md).
 */
final class ImportJob {

    /** What happens to the valid rows when some rows have problems. */
    enum Mode {
        /** Nothing is appended unless every row is valid. */
        ALL_OR_NOTHING,
        /** The valid rows are appended; the others are reported. */
        VALID_ROWS
    }

    enum State {
        /** Every row is being checked; nothing appended yet. */
        CHECKING,
        /** Some rows have problems and the mode is ALL_OR_NOTHING: nothing was appended. */
        REJECTED,
        APPENDING,
        /** Every valid row is in the ledger (appended now, or by an earlier upload of the same rows). */
        DONE,
        /** Stopped by an unexpected error; the rows appended so far stay, and uploading the file again resumes. */
        FAILED
    }

    /** A problem of one row: the sheet, the row as Excel numbers it, the column (Chinese header) and field, why. */
    record Problem(String sheet, int row, String column, String field, String problem) {}

    /** The job as the API shows it; at most {@code limit} problems listed, {@code problemCount} counts them all. */
    record View(String id, State state, Mode mode, int rowsTotal, int rowsChecked, int rowsDone, int rowsAppended,
            int rowsAlreadyImported, int problemCount, List<Problem> problems, boolean problemsTruncated,
            List<String> ignoredSheets, Instant createdAt, Instant finishedAt, String message) {}

    final String id;
    final String owner;
    final Mode mode;
    final Instant createdAt;
    final List<SheetRow> rows;
    final List<String> ignoredSheets;
    final AtomicInteger checked = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger appended = new AtomicInteger();
    final AtomicInteger alreadyImported = new AtomicInteger();
    private final Map<SheetRow, List<Problem>> problems = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile State state = State.CHECKING;
    private volatile Instant finishedAt;
    private volatile String message;

    ImportJob(String id, String owner, Mode mode, Instant createdAt, List<SheetRow> rows, List<String> ignoredSheets) {
        this.id = id;
        this.owner = owner;
        this.mode = mode;
        this.createdAt = createdAt;
        this.rows = rows;
        this.ignoredSheets = ignoredSheets;
    }

    void problem(SheetRow row, String field, String problem) {
        String column = row.kind().columns().stream().filter(c -> c.field().equals(field)).map(Column::header)
                .findFirst().orElse(field);
        problems.computeIfAbsent(row, r -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Problem(row.kind().sheet(), row.rowNumber(), column, field, problem));
    }

    boolean hasProblems(SheetRow row) {
        return problems.containsKey(row);
    }

    int problemCount() {
        synchronized (problems) {
            return problems.values().stream().mapToInt(List::size).sum();
        }
    }

    Map<SheetRow, List<Problem>> problemsByRow() {
        synchronized (problems) {
            return new LinkedHashMap<>(problems);
        }
    }

    State state() {
        return state;
    }

    boolean finished() {
        return state == State.REJECTED || state == State.DONE || state == State.FAILED;
    }

    void moveTo(State next) {
        state = next;
    }

    void finish(State last, String why, Instant at) {
        message = why;
        finishedAt = at;
        state = last;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    View view(int limit) {
        List<Problem> listed = new ArrayList<>();
        int count = 0;
        synchronized (problems) {
            for (List<Problem> list : problems.values()) {
                synchronized (list) {
                    for (Problem p : list) {
                        count++;
                        if (listed.size() < limit) {
                            listed.add(p);
                        }
                    }
                }
            }
        }
        return new View(id, state, mode, rows.size(), checked.get(), done.get(), appended.get(), alreadyImported.get(),
                count, listed, count > listed.size(), ignoredSheets, createdAt, finishedAt, message);
    }
}
