package cn.ledger.projection.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A table as it is handed to district offices and reviewers: a title, what the figures rest on (policy
 * version, as-of date, generated at, …) and the rows, as CSV or as an .xlsx workbook.
 *
 * <p>CSV: UTF-8 with a BOM so Excel reads the Chinese; a first line {@code 标题,对象,名称,值,名称,值,…} (the
 * month, quarter or unit right after the title, then what the figures rest on), then the column headers,
 * then the rows. XLSX: the title and each {@code 名称 | 值} on a
 * row of its own above the table, the same in the workbook's document properties (custom properties
 * under the keys given), and a cell may be filled with a colour.
 */
public final class TableExport {

    public static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    public static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    /** A fact the figures rest on: its Chinese label, its value, and the document-property key it is kept under. */
    public record Fact(String label, String value, String property) {}

    /** A cell filled with a colour (RGB hex, e.g. {@code 2F75B5}). */
    public record Filled(Object value, String rgb) {}

    private final String title;
    private final String subject;
    private final Fact headline;
    private final List<Fact> facts = new ArrayList<>();
    private List<String> columns = List.of();
    private final List<List<Object>> rows = new ArrayList<>();

    /**
     * @param headline what the table is of (the month, the quarter, the unit): on the CSV's first line right
     *                 after the title, unlabelled; the first row under the title in the workbook
     */
    public TableExport(String title, Fact headline, String subject) {
        this.title = title;
        this.headline = headline;
        this.subject = subject;
    }

    public TableExport fact(String label, Object value, String property) {
        facts.add(new Fact(label, value == null ? "" : value.toString(), property));
        return this;
    }

    /** The value of the fact kept under this document property, or null. */
    public String fact(String property) {
        return all().stream().filter(f -> property.equals(f.property())).map(Fact::value).findFirst().orElse(null);
    }

    public TableExport columns(String... names) {
        this.columns = List.of(names);
        return this;
    }

    /** Values: String, Number (integers and BigDecimal are written as numbers), Boolean, null, or {@link Filled}. */
    public TableExport row(List<Object> values) {
        rows.add(values);
        return this;
    }

    public byte[] csv() {
        StringBuilder csv = new StringBuilder("\uFEFF").append(cell(title)).append(',').append(cell(headline.value()));
        for (Fact fact : facts) {
            csv.append(',').append(cell(fact.label())).append(',').append(cell(fact.value()));
        }
        csv.append("\r\n");
        csv.append(String.join(",", columns.stream().map(TableExport::cell).toList())).append("\r\n");
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object value : row) {
                Object v = value instanceof Filled f ? f.value() : value;
                cells.add(v instanceof BigDecimal d ? d.toPlainString()
                        : v instanceof Number || v instanceof Boolean ? v.toString() : cell(v == null ? null : v.toString()));
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] xlsx() {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            POIXMLProperties properties = workbook.getProperties();
            POIXMLProperties.CoreProperties core = properties.getCoreProperties();
            core.setTitle(title);
            core.setSubjectProperty(subject);
            core.setCreator("ledger");
            StringBuilder description = new StringBuilder();
            for (Fact fact : all()) {
                description.append(description.isEmpty() ? "" : "; ").append(fact.label()).append(": ").append(fact.value());
                if (fact.property() != null) {
                    properties.getCustomProperties().addProperty(fact.property(), fact.value());
                }
            }
            core.setDescription(description.toString());

            XSSFSheet sheet = workbook.createSheet(safeSheetName(title));
            XSSFFont bold = workbook.createFont();
            bold.setBold(true);
            XSSFCellStyle strong = workbook.createCellStyle();
            strong.setFont(bold);
            XSSFFont big = workbook.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            XSSFCellStyle heading = workbook.createCellStyle();
            heading.setFont(big);
            Map<String, XSSFCellStyle> fills = new HashMap<>();

            int r = 0;
            XSSFRow titleRow = sheet.createRow(r++);
            XSSFCell titleCell = titleRow.createCell(0);
            titleCell.setCellValue(title + " " + headline.value());
            titleCell.setCellStyle(heading);
            if (columns.size() > 1) {
                sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, Math.min(columns.size(), 8) - 1));
            }
            for (Fact fact : all()) {
                XSSFRow row = sheet.createRow(r++);
                XSSFCell label = row.createCell(0);
                label.setCellValue(fact.label());
                label.setCellStyle(strong);
                row.createCell(1).setCellValue(fact.value());
            }
            r++;
            XSSFRow header = sheet.createRow(r++);
            for (int c = 0; c < columns.size(); c++) {
                XSSFCell cell = header.createCell(c);
                cell.setCellValue(columns.get(c));
                cell.setCellStyle(strong);
            }
            int headerRow = r - 1;
            for (List<Object> values : rows) {
                XSSFRow row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    XSSFCell cell = row.createCell(c);
                    if (value instanceof Filled f) {
                        cell.setCellStyle(fills.computeIfAbsent(f.rgb(), rgb -> fill(workbook, rgb)));
                        value = f.value();
                    }
                    if (value instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (value instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else if (value != null) {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            sheet.createFreezePane(0, headerRow + 1);
            for (int c = 0; c < columns.size(); c++) {
                sheet.setColumnWidth(c, Math.min(60, Math.max(10, columns.get(c).length() * 3 + 4)) * 256);
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Fact> all() {
        List<Fact> all = new ArrayList<>();
        all.add(headline);
        all.addAll(facts);
        return all;
    }

    private static XSSFCellStyle fill(XSSFWorkbook workbook, String rgb) {
        XSSFCellStyle style = workbook.createCellStyle();
        byte[] bytes = new byte[3];
        for (int i = 0; i < 3; i++) {
            bytes[i] = (byte) Integer.parseInt(rgb.substring(2 * i, 2 * i + 2), 16);
        }
        style.setFillForegroundColor(new XSSFColor(bytes, null));
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }

    private static String safeSheetName(String name) {
        String s = name.replaceAll("[\\\\/?*\\[\\]:]", "-");
        return s.length() > 31 ? s.substring(0, 31) : s;
    }

    /** Quoted where needed; a value that Excel would take for a formula is prefixed with an apostrophe. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value.replace("\"", "\"\"");
        if (v.startsWith("=") || v.startsWith("+") || v.startsWith("-") || v.startsWith("@")) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v + "\"" : v;
    }

    /** The file as an attachment: an ASCII file name for old clients, the Chinese one as RFC 5987 {@code filename*}. */
    public static ResponseEntity<byte[]> attachment(byte[] body, MediaType type, String asciiName, String name) {
        String fallback = asciiName.replaceAll("[^A-Za-z0-9._-]", "_");
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''"
                        + rfc5987(name))
                .contentType(type)
                .body(body);
    }

    static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
