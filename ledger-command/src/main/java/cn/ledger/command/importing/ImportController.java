package cn.ledger.command.importing;

import cn.ledger.command.importing.ImportJob.Mode;
import cn.ledger.security.LargeBody;
import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Import of existing 台账 workbooks: a template per record kind, the upload (the .xlsx as the request body), the
 * import's progress and problems, and the report workbook to fix and upload again.
 */
@RestController
@RequestMapping(ImportController.PATH)
@Tag(name = "imports", description = "Importing existing 台账 workbooks (.xlsx)")
public class ImportController {

    static final String PATH = "/api/v1/imports";
    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    /** Rows of a template that carry the drop-down lists. */
    static final int TEMPLATE_ROWS = 5000;

    private final ImportService imports;

    public ImportController(ImportService imports) {
        this.imports = imports;
    }

    /** The upload may be as large as {@code ledger.import.max-file-size}, not just the ordinary body limit. */
    @Bean
    static LargeBody importUpload(ImportProperties properties) {
        return new LargeBody("POST", PATH, properties.maxFileSize().toBytes());
    }

    /** A kind of record and its sheet, as the console offers them. */
    public record KindView(String kind, String sheet, String role, List<ColumnView> columns) {}

    public record ColumnView(String field, String header, String type, boolean required, List<String> choices) {}

    @GetMapping("/kinds")
    @Operation(summary = "The kinds of record a workbook may hold: sheet name, role needed, columns and allowed values")
    public List<KindView> kinds() {
        return Arrays.stream(ImportKind.values()).map(k -> new KindView(k.name(), k.sheet(), k.role().name(),
                k.columns().stream().map(c -> new ColumnView(c.field(), c.header(), c.type().name(), c.required(),
                        c.labels())).toList())).toList();
    }

    @GetMapping("/templates/{kind}")
    @Operation(summary = "The .xlsx template of one kind (UNITS, CADRES, POSTS, RANKS, GRADES, SANCTIONS, POSTINGS, "
            + "INTERVIEWS, ENTRIES): Chinese headers, drop-down lists of the allowed values, a sheet of notes")
    public ResponseEntity<byte[]> template(@PathVariable String kind) {
        ImportKind k = Arrays.stream(ImportKind.values()).filter(v -> v.name().equalsIgnoreCase(kind)).findFirst()
                .orElseThrow(() -> new NotFound("kind", "No import kind " + kind));
        return xlsx(Workbooks.template(k, TEMPLATE_ROWS), k.sheet() + "-模板.xlsx");
    }

    @PostMapping
    @Operation(summary = "Upload a workbook (the .xlsx file as the body). Every row is checked first; with "
            + "mode=ALL_OR_NOTHING (default) nothing is appended unless every row is valid, with mode=VALID_ROWS the "
            + "valid rows are. Answers 202 with the import job to poll")
    public ResponseEntity<ImportJob.View> upload(@RequestParam(defaultValue = "ALL_OR_NOTHING") Mode mode,
            HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() == 0) {
            throw new BadParameter("file", "is empty: send the .xlsx workbook as the request body");
        }
        ImportJob job = imports.start(request.getInputStream(), mode);
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + job.id))
                .body(job.view(ImportService.LISTED_PROBLEMS));
    }

    @GetMapping("/{id}")
    @Operation(summary = "An import's progress (rows checked, done of total), its problems (sheet, row, column, "
            + "problem; the first 1000) and outcome; only to whoever uploaded it")
    public ImportJob.View job(@PathVariable String id) {
        return imports.job(id).orElseThrow(() -> new NotFound("id", "No import " + id)).view(ImportService.LISTED_PROBLEMS);
    }

    @GetMapping("/{id}/report")
    @Operation(summary = "The report workbook: every row as read with its problems in a 问题 column; fix it and "
            + "upload it again (the rows already in the ledger are skipped)")
    public ResponseEntity<byte[]> report(@PathVariable String id) {
        ImportJob job = imports.job(id).orElseThrow(() -> new NotFound("id", "No import " + id));
        return xlsx(Workbooks.report(job.rows, job.problemsByRow()), "导入报告-" + id.substring(0, 8) + ".xlsx");
    }

    private static ResponseEntity<byte[]> xlsx(byte[] body, String filename) {
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(filename, java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
