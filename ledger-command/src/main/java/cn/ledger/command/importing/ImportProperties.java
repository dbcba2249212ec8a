package cn.ledger.command.importing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of the import of existing 台账 workbooks.
 *
 * @param maxFileSize    largest workbook accepted (413 beyond)
 * @param maxRows        most rows in one workbook, all sheets together (400 beyond)
 * @param maxJobs        imports kept at once (running or finished, per instance); a new upload beyond it while
 *                       all are running is answered 429
 * @param keepFor        how long a finished import (its report) stays readable
 * @param appendThreads  cadres appended in parallel
 * @param rowsPerTransaction  rows appended together in one database transaction (1: each row in its own)
 */
@ConfigurationProperties("ledger.import")
public record ImportProperties(DataSize maxFileSize, Integer maxRows, Integer maxJobs, Duration keepFor,
        Integer appendThreads, Integer rowsPerTransaction) {

    public ImportProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(20) : maxFileSize;
        maxRows = maxRows == null ? 100_000 : maxRows;
        maxJobs = maxJobs == null ? 20 : maxJobs;
        keepFor = keepFor == null ? Duration.ofHours(24) : keepFor;
        appendThreads = appendThreads == null ? 4 : appendThreads;
        rowsPerTransaction = rowsPerTransaction == null ? 100 : rowsPerTransaction;
    }
}
