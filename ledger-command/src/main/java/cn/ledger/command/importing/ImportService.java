package cn.ledger.command.importing;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.AppointCadre;
import cn.ledger.command.cadre.CadreCommands.ChangeRank;
import cn.ledger.command.cadre.CadreCommands.EnterHistory;
import cn.ledger.command.cadre.CadreCommands.HistoryFact;
import cn.ledger.command.cadre.CadreCommands.ImposeSanction;
import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordAnnualGrade;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordInterview;
import cn.ledger.command.cadre.CadreCommands.RecordPosting;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.config.AxonStorageConfig;
import cn.ledger.command.config.LedgerProperties;
import cn.ledger.command.directory.Directory;
import cn.ledger.command.importing.ImportJob.Mode;
import cn.ledger.command.importing.ImportJob.State;
import cn.ledger.command.importing.Workbooks.SheetRow;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.command.web.AlreadyExists;
import cn.ledger.command.web.CommandSender;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.text.TextRule;
import cn.ledger.security.Caller;
import cn.ledger.security.web.NotFound;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Imports an existing 台账 workbook: reads it (bounded), checks every row as the API would for the uploading caller
 * (their role for the sheet, their scope, every field), then — when every row is valid, or in {@code VALID_ROWS}
 * mode for the valid rows — sends each row's command as that caller. A row dated before its cadre's registration
 * is entered as history. A row already in the ledger (its key in {@link ImportedRows}) is skipped, so uploading a
 * file again appends nothing twice. Record ids are derived from the row key, so they are stable across uploads.
 */
@Service
public class ImportService {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int LISTED_PROBLEMS = 1000;

    private final ImportProperties properties;
    private final LedgerProperties ledger;
    private final CommandSender sender;
    private final RowBatches batches;
    private final ImportedRows imported;
    private final Directory directory;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ledger-import");
        t.setDaemon(true);
        return t;
    });

    public ImportService(ImportProperties properties, LedgerProperties ledger, CommandSender sender,
            RowBatches batches, ImportedRows imported, Directory directory, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.ledger = ledger;
        this.sender = sender;
        this.batches = batches;
        this.imported = imported;
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Reads the workbook and starts checking it; the job answers how far it got. */
    ImportJob start(InputStream file, Mode mode) {
        Caller caller = Caller.current();
        forgetOld();
        if (jobs.values().stream().filter(j -> !j.finished()).count() >= properties.maxJobs()) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many imports are running; try again when one has finished");
        }
        Workbooks.Parsed parsed = Workbooks.read(file, properties.maxRows());
        List<SheetRow> rows = new ArrayList<>(parsed.rows());
        rows.sort(Comparator.comparing((SheetRow r) -> r.kind().ordinal()));
        ImportJob job = new ImportJob(UUID.randomUUID().toString(), caller.id(), mode, clock.instant(), List.copyOf(rows),
                parsed.ignoredSheets());
        jobs.put(job.id, job);
        SecurityContext context = SecurityContextHolder.getContext();
        runner.submit(() -> {
            SecurityContextHolder.setContext(context);
            try {
                run(job);
            } catch (RuntimeException | Error e) {
                log.error("import {} failed", job.id, e);
                job.finish(State.FAILED, "stopped by an unexpected error: " + e, clock.instant());
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
        return job;
    }

    /** The job, to its owner only. */
    Optional<ImportJob> job(String id) {
        ImportJob job = jobs.get(id);
        return job != null && job.owner.equals(Caller.current().id()) ? Optional.of(job) : Optional.empty();
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(properties.keepFor());
        jobs.values().removeIf(j -> j.finished() && j.finishedAt() != null && j.finishedAt().isBefore(cutoff));
        while (jobs.size() >= properties.maxJobs()) {
            Optional<ImportJob> oldest = jobs.values().stream().filter(ImportJob::finished)
                    .min(Comparator.comparing(ImportJob::finishedAt));
            if (oldest.isEmpty()) {
                return;
            }
            jobs.remove(oldest.get().id);
        }
    }

    private void run(ImportJob job) throws RuntimeException {
        long started = System.nanoTime();
        Checker checker = new Checker(job);
        for (SheetRow row : job.rows) {
            checker.check(row);
            job.checked.incrementAndGet();
        }
        boolean anyProblem = job.problemCount() > 0;
        if (anyProblem && job.mode == Mode.ALL_OR_NOTHING) {
            job.finish(State.REJECTED, "nothing was appended: " + job.problemCount() + " problem(s) in "
                    + job.problemsByRow().size() + " row(s)", clock.instant());
            return;
        }
        job.moveTo(State.APPENDING);
        Set<String> already = imported.imported(job.rows.stream().map(SheetRow::key).toList());
        List<SheetRow> todo = new ArrayList<>();
        for (SheetRow row : job.rows) {
            if (job.hasProblems(row)) {
                job.done.incrementAndGet();
            } else if (already.contains(row.key())) {
                job.alreadyImported.incrementAndGet();
                job.done.incrementAndGet();
            } else {
                todo.add(row);
            }
        }
        // units first, in order (a parent before its children), then each cadre's rows in order, cadres in parallel
        long appending = System.nanoTime();
        appendInOrder(job, checker, todo.stream().filter(r -> r.kind() == ImportKind.UNITS).toList());
        Map<String, List<SheetRow>> byCadre = new LinkedHashMap<>();
        for (SheetRow row : todo) {
            if (row.kind() != ImportKind.UNITS) {
                byCadre.computeIfAbsent(row.cells().get("cadreId"), c -> new ArrayList<>()).add(row);
            }
        }
        int threads = Math.max(1, properties.appendThreads());
        List<List<SheetRow>> lanes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            lanes.add(new ArrayList<>());
        }
        int lane = 0;
        for (List<SheetRow> rows : byCadre.values()) {
            lanes.get(lane++ % threads).addAll(rows);
        }
        SecurityContext context = SecurityContextHolder.getContext();
        List<Future<?>> running = new ArrayList<>();
        for (List<SheetRow> rows : lanes) {
            running.add(runner.submit(() -> {
                SecurityContextHolder.setContext(context);
                try {
                    appendInOrder(job, checker, rows);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        long appended = System.nanoTime();
        log.info("import {}: {} row(s) checked in {} ms; {} appended in {} ms ({} rows/s)", job.id, job.rows.size(),
                (appending - started) / 1_000_000, job.appended.get(), (appended - appending) / 1_000_000,
                todo.isEmpty() ? 0 : Math.round(job.appended.get() * 1e9 / Math.max(1, appended - appending)));
        int refused = (int) todo.stream().filter(job::hasProblems).count();
        job.finish(State.DONE, job.appended.get() + " row(s) appended, " + job.alreadyImported.get()
                + " already in the ledger" + (anyProblem || refused > 0 ? ", " + job.problemsByRow().size()
                + " row(s) with problems not appended" : ""), clock.instant());
    }

    /**
     * Appends the rows in their order, {@code ledger.import.rows-per-transaction} of them in each transaction
     * ({@link RowBatches}). A run refused at one row is appended again up to that row, the row is appended alone (and
     * its problem reported as the API would answer it), and the rest follows; a run whose commit failed is appended
     * row by row. Either way each row is appended once, after the rows before it, or reported.
     */
    private void appendInOrder(ImportJob job, Checker checker, List<SheetRow> rows) {
        int size = Math.max(1, properties.rowsPerTransaction());
        for (int from = 0; from < rows.size(); from += size) {
            appendTogether(job, checker, rows.subList(from, Math.min(rows.size(), from + size)));
        }
    }

    private void appendTogether(ImportJob job, Checker checker, List<SheetRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (rows.size() == 1) {
            append(job, checker, rows.get(0));
            return;
        }
        String recordedBy = Caller.current().id();
        List<Object> commands = new ArrayList<>(rows.size());
        List<Map<String, Object>> metadata = new ArrayList<>(rows.size());
        for (SheetRow row : rows) {
            commands.add(checker.command(row));
            metadata.add(Map.of(ImportedRows.ROW_KEY, row.key(), ImportedRows.JOB_ID, job.id,
                    ImportedRows.STREAM_ID, streamOf(row), AxonStorageConfig.RECORDED_BY, recordedBy,
                    AxonStorageConfig.CORRELATION_ID, UUID.randomUUID().toString()));
        }
        RowBatches.Outcome outcome = batches.append(commands, metadata);
        if (outcome instanceof RowBatches.Appended) {
            job.appended.addAndGet(rows.size());
            job.done.addAndGet(rows.size());
        } else if (outcome instanceof RowBatches.Refused refused) {
            log.debug("import {}: a run of {} row(s) refused at row {}", job.id, rows.size(), refused.index(),
                    refused.failure());
            appendTogether(job, checker, rows.subList(0, refused.index()));
            append(job, checker, rows.get(refused.index()));
            appendTogether(job, checker, rows.subList(refused.index() + 1, rows.size()));
        } else {
            log.debug("import {}: a run of {} row(s) not committed; appended row by row", job.id, rows.size(),
                    ((RowBatches.NotCommitted) outcome).failure());
            for (SheetRow row : rows) {
                append(job, checker, row);
            }
        }
    }

    private static String streamOf(SheetRow row) {
        return row.kind() == ImportKind.UNITS ? row.cells().get("unitId") : row.cells().get("cadreId");
    }

    private void append(ImportJob job, Checker checker, SheetRow row) {
        try {
            Object command = checker.command(row);
            sender.send(command, Map.of(ImportedRows.ROW_KEY, row.key(), ImportedRows.JOB_ID, job.id,
                    ImportedRows.STREAM_ID, streamOf(row)));
            job.appended.incrementAndGet();
        } catch (RuntimeException e) {
            if (isDuplicateRow(e)) {
                job.alreadyImported.incrementAndGet();
            } else {
                job.problem(row, fieldOf(e), messageOf(e));
            }
        } finally {
            job.done.incrementAndGet();
        }
    }

    private static boolean isDuplicateRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("import_row_pkey")) {
                return true;
            }
        }
        return false;
    }

    private static String fieldOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleViolation v) {
                return v.field();
            }
            if (t instanceof AlreadyExists a) {
                return a.field();
            }
        }
        return "row";
    }

    private static String messageOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleViolation || t instanceof AlreadyExists || t instanceof NotFound) {
                return t.getMessage();
            }
        }
        return "was not appended: " + e.getClass().getSimpleName();
    }

    /** The registration facts a history row is judged against. */
    private record Registration(LocalDate on, LocalDate workStart, LocalDate postSince, LocalDate rankSince) {}

    /**
     * Checks rows as the API would, for the caller: role, scope, every field; the references to units and cadres
     * may be to rows of the same file. Remembers what it learnt of each unit and cadre.
     */
    private final class Checker {
        private final ImportJob job;
        private final Caller caller = Caller.current();
        private final Map<String, SheetRow> unitsInFile = new HashMap<>();
        private final Map<String, SheetRow> cadresInFile = new HashMap<>();
        private final Map<String, Optional<Registration>> registrations = new HashMap<>();
        private final Map<String, String> cadreProblems = new HashMap<>();
        private final Set<String> gradeYears = new HashSet<>();
        private final Map<SheetRow, Map<String, Object>> values = new ConcurrentHashMap<>();

        Checker(ImportJob job) {
            this.job = job;
        }

        void check(SheetRow row) {
            if (!caller.has(row.kind().role())) {
                job.problem(row, "row", "the " + row.kind().sheet() + " sheet needs the role " + row.kind().role()
                        + ", which the uploader does not have");
                return;
            }
            Map<String, Object> v = new HashMap<>();
            for (Column column : row.kind().columns()) {
                String text = row.cells().get(column.field());
                if (text.isEmpty()) {
                    if (column.required()) {
                        job.problem(row, column.field(), "must be filled");
                    }
                    continue;
                }
                Object value = parse(row, column, text);
                if (value != null) {
                    v.put(column.field(), value);
                }
            }
            if (job.hasProblems(row)) {
                return;
            }
            values.put(row, v);
            switch (row.kind()) {
                case UNITS -> checkUnit(row, v);
                case CADRES -> checkCadre(row, v);
                default -> checkRecord(row, v);
            }
        }

        private Object parse(SheetRow row, Column column, String text) {
            switch (column.type()) {
                case TEXT -> {
                    Optional<String> problem = TextRule.problem(text, column.maxLength());
                    if (problem.isPresent()) {
                        job.problem(row, column.field(), problem.get());
                        return null;
                    }
                    return text;
                }
                case ID -> {
                    if (!ID.matcher(text).matches()) {
                        job.problem(row, column.field(), "must be letters, digits, '.', '_' or '-', at most 64");
                        return null;
                    }
                    return text;
                }
                case DATE -> {
                    LocalDate date = Workbooks.date(text);
                    if (date == null) {
                        job.problem(row, column.field(), "is not a date (如 2023-09-12): " + text);
                        return null;
                    }
                    if (date.isAfter(LocalDate.now(clock))) {
                        job.problem(row, column.field(), "is in the future (" + date + ")");
                        return null;
                    }
                    return date;
                }
                case INTEGER -> {
                    try {
                        return new BigDecimal(text).intValueExact();
                    } catch (ArithmeticException | NumberFormatException e) {
                        job.problem(row, column.field(), "is not a whole number: " + text);
                        return null;
                    }
                }
                case DECIMAL -> {
                    try {
                        BigDecimal number = new BigDecimal(text);
                        if (number.scale() > 2 || number.precision() - number.scale() > 10) {
                            job.problem(row, column.field(), "must have at most 10 digits before the decimal point and 2 after it");
                            return null;
                        }
                        return number;
                    } catch (NumberFormatException e) {
                        job.problem(row, column.field(), "is not a number: " + text);
                        return null;
                    }
                }
                case CHOICE -> {
                    String code = column.choices().get(text);
                    if (code == null && column.choices().containsValue(text)) {
                        code = text;
                    }
                    if (code == null) {
                        job.problem(row, column.field(), "must be one of " + String.join("、", column.labels()));
                    }
                    return code;
                }
                default -> throw new IllegalStateException(column.type().name());
            }
        }

        private void checkUnit(SheetRow row, Map<String, Object> v) {
            String unitId = (String) v.get("unitId");
            String parent = (String) v.get("parentUnitId");
            if (unitsInFile.containsKey(unitId) || cadresInFile.containsKey(unitId)) {
                job.problem(row, "unitId", "is on an earlier row of the file too");
                return;
            }
            boolean exists = directory.unitExists(unitId) || directory.cadreExists(unitId);
            if (parent != null && !unitsInFile.containsKey(parent)) {
                if (!directory.unitExists(parent)) {
                    job.problem(row, "parentUnitId", "no unit " + parent + " in the ledger or on an earlier row");
                    return;
                }
                if (directory.unitClosed(parent)) {
                    job.problem(row, "parentUnitId", "unit " + parent + " is closed");
                    return;
                }
            }
            if (!caller.covers(parent != null ? parent : unitId, this::ancestry)) {
                job.problem(row, parent != null ? "parentUnitId" : "unitId", "is outside the uploader's scope");
                return;
            }
            if (exists && !alreadyImportedUnit(row)) {
                job.problem(row, "unitId", "is taken: a unit or cadre with the id " + unitId + " exists");
                return;
            }
            unitsInFile.put(unitId, row);
        }

        /** A unit of an earlier upload of this file is not a clash: the row will be skipped. */
        private boolean alreadyImportedUnit(SheetRow row) {
            return !imported.imported(List.of(row.key())).isEmpty();
        }

        private void checkCadre(SheetRow row, Map<String, Object> v) {
            String cadreId = (String) v.get("cadreId");
            String unitId = (String) v.get("unitId");
            if (cadresInFile.containsKey(cadreId) || unitsInFile.containsKey(cadreId)) {
                job.problem(row, "cadreId", "is on an earlier row of the file too");
                return;
            }
            if (!unitsInFile.containsKey(unitId)) {
                if (!directory.unitExists(unitId)) {
                    job.problem(row, "unitId", "no unit " + unitId + " in the ledger or in the file");
                    return;
                }
                if (directory.unitClosed(unitId)) {
                    job.problem(row, "unitId", "unit " + unitId + " is closed");
                    return;
                }
            }
            if (!caller.covers(unitId, this::ancestry)) {
                job.problem(row, "unitId", "is outside the uploader's scope");
                return;
            }
            int grassroots = (Integer) v.get("grassrootsYears");
            if (grassroots < 0 || grassroots > 60) {
                job.problem(row, "grassrootsYears", "must be between 0 and 60");
                return;
            }
            if ((directory.unitExists(cadreId) || directory.cadreExists(cadreId)) && !alreadyImportedUnit(row)) {
                job.problem(row, "cadreId", "is taken: a unit or cadre with the id " + cadreId + " exists");
                return;
            }
            cadresInFile.put(cadreId, row);
        }

        private List<String> ancestry(String unitId) {
            List<String> chain = new ArrayList<>();
            String at = unitId;
            while (at != null && unitsInFile.containsKey(at) && chain.size() < 100) {
                chain.add(at);
                at = (String) values.get(unitsInFile.get(at)).get("parentUnitId");
            }
            if (at != null) {
                chain.addAll(directory.ancestry(at));
            }
            return chain;
        }

        private void checkRecord(SheetRow row, Map<String, Object> v) {
            String cadreId = (String) v.get("cadreId");
            String cadreProblem = cadreProblems.computeIfAbsent(cadreId, this::cadreProblem);
            if (!cadreProblem.isEmpty()) {
                job.problem(row, "cadreId", cadreProblem);
                return;
            }
            LocalDate date = (LocalDate) v.get(row.kind().dateField());
            Registration registration = registration(cadreId).orElseThrow();
            if (date.isBefore(registration.on())) {
                if (registration.workStart() != null && date.isBefore(registration.workStart())) {
                    job.problem(row, row.kind().dateField(), "is before the cadre started work ("
                            + registration.workStart() + ")");
                }
                if (row.kind() == ImportKind.POSTS && registration.postSince() != null
                        && !date.isBefore(registration.postSince())) {
                    job.problem(row, "effectiveDate", "an earlier post must begin before the post held at registration ("
                            + registration.postSince() + ")");
                }
                if (row.kind() == ImportKind.RANKS && registration.rankSince() != null
                        && !date.isBefore(registration.rankSince())) {
                    job.problem(row, "effectiveDate", "an earlier rank must begin before the rank held at registration ("
                            + registration.rankSince() + ")");
                }
            }
            switch (row.kind()) {
                case ENTRIES -> {
                    if (!ledger.aspects().contains((String) v.get("aspect"))) {
                        job.problem(row, "aspect", "is not one of the configured aspects " + ledger.aspects());
                    }
                    BigDecimal points = (BigDecimal) v.get("points");
                    if (points.compareTo(ledger.points().min()) < 0 || points.compareTo(ledger.points().max()) > 0) {
                        job.problem(row, "points", "must be between " + ledger.points().min() + " and "
                                + ledger.points().max());
                    }
                }
                case SANCTIONS -> {
                    boolean probation = SanctionKind.PARTY_PROBATION.name().equals(v.get("kind"));
                    Integer months = (Integer) v.get("probationMonths");
                    if (probation && (months == null || (months != 12 && months != 24))) {
                        job.problem(row, "probationMonths", "must be 12 or 24 for 留党察看");
                    } else if (!probation && months != null) {
                        job.problem(row, "probationMonths", "applies to 留党察看 only");
                    }
                }
                case GRADES -> {
                    int year = (Integer) v.get("year");
                    if (year < 1950 || year > date.getYear()) {
                        job.problem(row, "year", "must be a year that has begun by the date the grade was set (" + date + ")");
                    } else if (!gradeYears.add(cadreId + "/" + year)) {
                        job.problem(row, "year", "a grade for " + year + " of this cadre is on an earlier row");
                    }
                }
                case POSTINGS -> {
                    LocalDate end = (LocalDate) v.get("endDate");
                    if (end != null && end.isBefore(date)) {
                        job.problem(row, "endDate", "is before the posting starts (" + date + ")");
                    }
                }
                default -> { }
            }
        }

        /** Empty when the caller may write records about the cadre; else why not. */
        private String cadreProblem(String cadreId) {
            SheetRow registered = cadresInFile.get(cadreId);
            if (registered != null) {
                return "";
            }
            if (!directory.cadreExists(cadreId)) {
                return "no cadre " + cadreId + " in the ledger or in the file's 干部 sheet";
            }
            String unit = directory.unitOf(cadreId).orElse(null);
            if (!caller.covers(unit, this::ancestry)) {
                return "cadre " + cadreId + " belongs to a unit outside the uploader's scope";
            }
            return directory.closedUnitOf(cadreId).map(u -> "the cadre's unit " + u + " is closed").orElse("");
        }

        private Optional<Registration> registration(String cadreId) {
            return registrations.computeIfAbsent(cadreId, id -> {
                SheetRow row = cadresInFile.get(id);
                if (row != null) {
                    Map<String, Object> v = values.get(row);
                    return Optional.of(new Registration((LocalDate) v.get("effectiveDate"),
                            (LocalDate) v.get("workStartDate"), (LocalDate) v.get("postSince"),
                            (LocalDate) v.get("rankSince")));
                }
                return jdbc.query("SELECT registered_on FROM cadre_directory WHERE cadre_id = ?",
                        (rs, n) -> new Registration(rs.getObject(1, LocalDate.class), null, null, null), id)
                        .stream().findFirst();
            });
        }

        /** The row's command: a row dated before the cadre's registration is entered as history. */
        Object command(SheetRow row) {
            Map<String, Object> v = values.get(row);
            String recordId = "imp-" + row.key().substring(0, 40);
            switch (row.kind()) {
                case UNITS -> {
                    return new RegisterUnit((String) v.get("unitId"), (String) v.get("name"),
                            UnitCategory.valueOf((String) v.get("category")), (String) v.get("parentUnitId"),
                            (LocalDate) v.get("effectiveDate"));
                }
                case CADRES -> {
                    return new RegisterCadre((String) v.get("cadreId"), (String) v.get("name"), (String) v.get("unitId"),
                            (String) v.get("post"), (String) v.get("postLevel"), (LocalDate) v.get("postSince"),
                            (String) v.get("rank"), (LocalDate) v.get("rankSince"), (LocalDate) v.get("workStartDate"),
                            (Integer) v.get("grassrootsYears"), (String) v.get("education"),
                            (LocalDate) v.get("effectiveDate"));
                }
                default -> { }
            }
            String cadreId = (String) v.get("cadreId");
            LocalDate date = (LocalDate) v.get(row.kind().dateField());
            HistoryFact fact = switch (row.kind()) {
                case POSTS -> new AppointCadre(cadreId, (String) v.get("post"), (String) v.get("postLevel"), date);
                case RANKS -> new ChangeRank(cadreId, (String) v.get("rank"), date);
                case GRADES -> new RecordAnnualGrade(cadreId, recordId, (Integer) v.get("year"),
                        AnnualGrade.valueOf((String) v.get("grade")), date);
                case SANCTIONS -> new ImposeSanction(cadreId, recordId, SanctionKind.valueOf((String) v.get("kind")),
                        (Integer) v.get("probationMonths"), (String) v.get("decidedBy"), (String) v.get("reason"), date);
                case POSTINGS -> new RecordPosting(cadreId, recordId, FrontlineKind.valueOf((String) v.get("kind")),
                        (String) v.get("description"), (LocalDate) v.get("endDate"), date);
                case INTERVIEWS -> new RecordInterview(cadreId, recordId, InterviewKind.valueOf((String) v.get("kind")),
                        (String) v.get("interviewer"), (String) v.get("reason"), date);
                case ENTRIES -> new RecordEntry(cadreId, recordId, Polarity.valueOf((String) v.get("polarity")),
                        (String) v.get("aspect"), (BigDecimal) v.get("points"), (String) v.get("summary"), List.of(),
                        date);
                default -> throw new IllegalStateException(row.kind().name());
            };
            Registration registration = registration(cadreId).orElseThrow();
            return date.isBefore(registration.on()) ? new EnterHistory(cadreId, fact) : fact;
        }
    }
}
