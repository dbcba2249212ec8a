package cn.ledger.command.importing;

import cn.ledger.security.web.BadParameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Reading and writing the import workbooks with Apache POI, bounded: the file's size and row count are limited by
 * the caller, and POI's zip guards refuse an entry that inflates more than 100 times or beyond
 * {@link #MAX_ENTRY_BYTES} (a zip bomb), so a hostile file is answered as unreadable, never by running out of memory.
 */
final class Workbooks {

    /** Largest uncompressed part of a workbook (a sheet's XML). */
    static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;
    static final String PROBLEM_HEADER = "问题";
    static final String NOTES_SHEET = "填写说明";

    static {
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxTextSize(MAX_ENTRY_BYTES);
    }

    private Workbooks() {}

    /** One row of a sheet: its number as Excel shows it (from 1, the header being row 1), its cells by field. */
    record SheetRow(ImportKind kind, int rowNumber, Map<String, String> cells, String key) {}

    /** The rows of the recognised sheets, and the names of the sheets that were not recognised. */
    record Parsed(List<SheetRow> rows, List<String> ignoredSheets) {}

    /**
     * Reads every recognised sheet. A file that is not a readable .xlsx, a recognised sheet without one of its
     * required columns, or more than {@code maxRows} rows is refused (400 naming {@code file}).
     */
    static Parsed read(InputStream in, int maxRows) {
        Workbook workbook;
        try {
            workbook = new XSSFWorkbook(in);
        } catch (IOException | RuntimeException e) {
            throw new BadParameter("file", "is not a readable .xlsx workbook (" + describe(e) + ")");
        }
        try (workbook) {
            DataFormatter formatter = new DataFormatter();
            List<SheetRow> rows = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            for (Sheet sheet : workbook) {
                ImportKind kind = ImportKind.ofSheet(sheet.getSheetName()).orElse(null);
                if (kind == null) {
                    if (!sheet.getSheetName().equals(NOTES_SHEET)) {
                        ignored.add(sheet.getSheetName());
                    }
                    continue;
                }
                Map<String, Integer> at = headers(sheet, kind, formatter);
                Map<String, Integer> seen = new HashMap<>();
                for (Row row : sheet) {
                    if (row.getRowNum() == 0) {
                        continue;
                    }
                    Map<String, String> cells = new LinkedHashMap<>();
                    boolean blank = true;
                    for (Column column : kind.columns()) {
                        Integer index = at.get(column.header());
                        String value = index == null ? "" : text(row.getCell(index), column, formatter);
                        blank &= value.isEmpty();
                        cells.put(column.field(), value);
                    }
                    if (blank) {
                        continue;
                    }
                    if (rows.size() >= maxRows) {
                        throw new BadParameter("file", "has more than " + maxRows + " rows; split it");
                    }
                    String content = kind.name() + "\n" + String.join("\u001f", cells.values());
                    int occurrence = seen.merge(content, 1, Integer::sum);
                    rows.add(new SheetRow(kind, row.getRowNum() + 1, cells, key(kind, cells, content, occurrence)));
                }
            }
            return new Parsed(rows, ignored);
        } catch (IOException e) {
            throw new BadParameter("file", "is not a readable .xlsx workbook (" + describe(e) + ")");
        } catch (RuntimeException e) {
            if (e instanceof BadParameter) {
                throw e;
            }
            throw new BadParameter("file", "is not a readable .xlsx workbook (" + describe(e) + ")");
        }
    }

    /** Why, in the ledger's words (never POI's, which name its classes). */
    private static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (message.contains("zip bomb") || message.contains("max entry size") || message.contains("exceeds the max")
                    || message.contains("text size")) {
                return "a part of it expands far beyond its compressed size or beyond " + MAX_ENTRY_BYTES / (1024 * 1024)
                        + " MB: refused as a possible zip bomb";
            }
        }
        return "not an Office Open XML spreadsheet, or damaged";
    }

    private static Map<String, Integer> headers(Sheet sheet, ImportKind kind, DataFormatter formatter) {
        Map<String, Integer> at = new HashMap<>();
        Row header = sheet.getRow(0);
        if (header != null) {
            for (Cell cell : header) {
                at.putIfAbsent(formatter.formatCellValue(cell).trim(), cell.getColumnIndex());
            }
        }
        List<String> missing = kind.columns().stream().filter(Column::required).map(Column::header)
                .filter(h -> !at.containsKey(h)).toList();
        if (!missing.isEmpty()) {
            throw new BadParameter("file", "sheet " + sheet.getSheetName() + " has no column " + String.join("、", missing)
                    + " in its first row (download the template)");
        }
        return at;
    }

    /**
     * A cell as text: a date cell (or a number in a date column, Excel's day count) as an ISO date, a number without
     * trailing zeros, anything else as shown, trimmed.
     */
    static String text(Cell cell, Column column, DataFormatter formatter) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        if (type == CellType.NUMERIC) {
            double number = cell.getNumericCellValue();
            if (column.type() == Column.Type.DATE || DateUtil.isCellDateFormatted(cell)) {
                if (DateUtil.isValidExcelDate(number)) {
                    return DateUtil.getLocalDateTime(number).toLocalDate().toString();
                }
            }
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        return formatter.formatCellValue(cell).trim();
    }

    /** A date as typed: 2023-09-12, 2023/9/12, 2023.9.12 or 2023年9月12日. */
    static LocalDate date(String text) {
        String normal = text.replace('/', '-').replace('.', '-').replace("年", "-").replace("月", "-").replace("日", "");
        try {
            return LocalDate.parse(normal, DateTimeFormatter.ofPattern("uuuu-M-d"));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The row's identity across uploads: its kind and, when the office numbered it (编号), the cadre and that number;
     * otherwise its content and which identical row of the sheet it is (the first, the second, …).
     */
    private static String key(ImportKind kind, Map<String, String> cells, String content, int occurrence) {
        String number = cells.getOrDefault("number", "");
        String identity = !number.isEmpty() ? kind.name() + "\n" + cells.get("cadreId") + "\n#" + number
                : kind == ImportKind.UNITS ? kind.name() + "\n" + cells.get("unitId")
                : kind == ImportKind.CADRES ? kind.name() + "\n" + cells.get("cadreId")
                : content + "\n" + occurrence;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The template of one kind: its headers, a drop-down list for every choice, and a sheet of notes. */
    static byte[] template(ImportKind kind, int rows) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet(kind.sheet());
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle dates = workbook.createCellStyle();
            dates.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            DataValidationHelper helper = sheet.getDataValidationHelper();
            for (int i = 0; i < kind.columns().size(); i++) {
                Column column = kind.columns().get(i);
                Cell cell = header.createCell(i);
                cell.setCellValue(column.header());
                cell.setCellStyle(bold);
                sheet.setColumnWidth(i, Math.max(12, column.header().length() * 4) * 256);
                if (column.type() == Column.Type.CHOICE) {
                    DataValidation list = helper.createValidation(
                            helper.createExplicitListConstraint(column.labels().toArray(String[]::new)),
                            new CellRangeAddressList(1, rows, i, i));
                    list.setShowErrorBox(true);
                    list.createErrorBox("取值不在列表中", "请从下拉列表中选择：" + String.join("、", column.labels()));
                    sheet.addValidationData(list);
                } else if (column.type() == Column.Type.DATE) {
                    sheet.setDefaultColumnStyle(i, dates);
                }
            }
            sheet.createFreezePane(0, 1);
            Sheet notes = workbook.createSheet(NOTES_SHEET);
            String[] titles = {"列", "必填", "说明"};
            Row top = notes.createRow(0);
            for (int i = 0; i < titles.length; i++) {
                top.createCell(i).setCellValue(titles[i]);
                top.getCell(i).setCellStyle(bold);
            }
            int r = 1;
            for (Column column : kind.columns()) {
                Row row = notes.createRow(r++);
                row.createCell(0).setCellValue(column.header());
                row.createCell(1).setCellValue(column.required() ? "是" : "否");
                row.createCell(2).setCellValue(describe(column));
            }
            notes.setColumnWidth(0, 20 * 256);
            notes.setColumnWidth(2, 80 * 256);
            return bytes(workbook);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Column column) {
        return switch (column.type()) {
            case TEXT -> column.field().equals("number")
                    ? "本单位对该行的编号（可空）；填写后重复上传同一编号的行不会重复记入"
                    : "文字，至多 " + column.maxLength() + " 字";
            case ID -> "编号：字母、数字、点、下划线、连字符，至多 64 位";
            case DATE -> "日期，如 2023-09-12；早于干部登记日期的记录作为历史记入";
            case INTEGER -> "整数";
            case DECIMAL -> "数值，至多两位小数";
            case CHOICE -> "从下拉列表中选择：" + String.join("、", column.labels());
        };
    }

    /**
     * The report: every sheet of the upload with its rows as read and a 问题 column naming each row's problems
     * (field and reason), the rows with problems highlighted; fixed, it can be uploaded again as it is.
     */
    static byte[] report(List<SheetRow> rows, Map<SheetRow, List<ImportJob.Problem>> problems) {
        // shared strings, as Excel writes them (a cell of an inline string keeps its old text when POI edits it)
        SXSSFWorkbook workbook = new SXSSFWorkbook(null, 200, false, true);
        try {
            CellStyle flagged = workbook.createCellStyle();
            flagged.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            flagged.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            Map<ImportKind, Sheet> sheets = new LinkedHashMap<>();
            Map<ImportKind, Integer> next = new HashMap<>();
            for (SheetRow row : rows) {
                Sheet sheet = sheets.computeIfAbsent(row.kind(), kind -> {
                    Sheet created = workbook.createSheet(kind.sheet());
                    Row header = created.createRow(0);
                    for (int i = 0; i < kind.columns().size(); i++) {
                        header.createCell(i).setCellValue(kind.columns().get(i).header());
                    }
                    header.createCell(kind.columns().size()).setCellValue(PROBLEM_HEADER);
                    return created;
                });
                int index = next.merge(row.kind(), 1, Integer::sum);
                Row out = sheet.createRow(index);
                List<Column> columns = row.kind().columns();
                for (int i = 0; i < columns.size(); i++) {
                    out.createCell(i).setCellValue(row.cells().get(columns.get(i).field()));
                }
                List<ImportJob.Problem> mine = problems.getOrDefault(row, List.of());
                if (!mine.isEmpty()) {
                    Cell cell = out.createCell(columns.size());
                    cell.setCellValue(String.join("；", mine.stream()
                            .map(p -> "第" + p.row() + "行 " + p.column() + "：" + p.problem()).toList()));
                    for (Cell c : out) {
                        c.setCellStyle(flagged);
                    }
                }
            }
            return bytes(workbook);
        } finally {
            workbook.dispose();
        }
    }

    private static byte[] bytes(Workbook workbook) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
