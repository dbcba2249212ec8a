package cn.ledger.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A district's existing 台账 as an office keeps it in Excel: a district with its street offices and departments,
 * its cadres registered on one day, and five years of their history before it — earlier posts and ranks, annual
 * grades, sanctions, frontline postings, interviews, positive and negative entries. Seeded, so the same arguments
 * give the same district. Each record also knows its API request, to enter the same facts one by one.
 */
final class DistrictWorkbook {

    /** A row of a sheet: the import kind, the cadre (or unit) it is about, its cells by API field. */
    record Fact(String kind, String subject, Map<String, Object> fields) {}

    static final String[] ASPECTS = {"经济运行", "项目双进", "平安建设", "基层党建", "民生保障", "作风建设"};
    static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("DISTRICT", "区县"), Map.entry("STREET_OFFICE", "街道"), Map.entry("DISTRICT_DEPARTMENT", "区直部门"),
            Map.entry("EXCELLENT", "优秀"), Map.entry("COMPETENT", "称职"), Map.entry("BASICALLY_COMPETENT", "基本称职"),
            Map.entry("INCOMPETENT", "不称职"), Map.entry("PARTY_WARNING", "党纪处分·警告"),
            Map.entry("GOVERNMENT_DEMERIT", "政务处分·记过"), Map.entry("GOVERNMENT_WARNING", "政务处分·警告"),
            Map.entry("ORGANISATIONAL_ADMONISHMENT", "组织处理·诫勉"), Map.entry("REMINDER", "提醒谈话"),
            Map.entry("FORMAL_TALK", "约谈"), Map.entry("ADMONISHMENT", "诫勉谈话"), Map.entry("SUPERVISION", "督查督办"),
            Map.entry("POVERTY_ALLEVIATION", "脱贫攻坚"), Map.entry("MAJOR_PROJECTS", "重大项目"),
            Map.entry("POSITIVE", "正向"), Map.entry("NEGATIVE", "负向"));
    static final String[] SANCTIONS = {"PARTY_WARNING", "GOVERNMENT_DEMERIT", "GOVERNMENT_WARNING",
            "ORGANISATIONAL_ADMONISHMENT"};

    final String prefix;
    final LocalDate registeredOn;
    final List<Fact> facts = new ArrayList<>();

    private DistrictWorkbook(String prefix, LocalDate registeredOn) {
        this.prefix = prefix;
        this.registeredOn = registeredOn;
    }

    /** {@code units} units (the district and its offices and departments), {@code cadres} cadres spread over them. */
    static DistrictWorkbook generate(String prefix, long seed, int units, int cadres, LocalDate registeredOn) {
        DistrictWorkbook d = new DistrictWorkbook(prefix, registeredOn);
        Random random = new Random(seed);
        String district = prefix + "d";
        d.facts.add(new Fact("UNITS", district, fields("unitId", district, "name", "安宁区", "category", "DISTRICT",
                "effectiveDate", LocalDate.of(2015, 1, 1))));
        List<String> offices = new ArrayList<>();
        for (int u = 1; u < units; u++) {
            String id = prefix + "u" + u;
            offices.add(id);
            boolean street = u % 3 != 0;
            d.facts.add(new Fact("UNITS", id, fields("unitId", id, "name", (street ? "街道办事处" : "区直部门") + u,
                    "category", street ? "STREET_OFFICE" : "DISTRICT_DEPARTMENT", "parentUnitId", district,
                    "effectiveDate", LocalDate.of(2015, 1, 1))));
        }
        LocalDate fiveYearsAgo = registeredOn.minusYears(5);
        for (int c = 0; c < cadres; c++) {
            String id = prefix + "c" + c;
            LocalDate workStart = LocalDate.of(1995 + random.nextInt(15), 1 + random.nextInt(12), 1);
            LocalDate postSince = registeredOn.minusDays(200 + random.nextInt(365 * 7));
            LocalDate rankSince = registeredOn.minusDays(100 + random.nextInt(365 * 6));
            d.facts.add(new Fact("CADRES", id, fields("cadreId", id, "name", "干部" + c,
                    "unitId", offices.get(c % offices.size()), "post", "科长", "postLevel", "乡科正", "postSince", postSince,
                    "rank", "一级主任科员", "rankSince", rankSince, "workStartDate", workStart,
                    "grassrootsYears", random.nextInt(10), "education", "大学", "effectiveDate", registeredOn)));
            d.facts.add(new Fact("POSTS", id, fields("cadreId", id, "post", "副科长", "postLevel", "乡科副",
                    "effectiveDate", postSince.minusYears(3))));
            d.facts.add(new Fact("RANKS", id, fields("cadreId", id, "rank", "二级主任科员",
                    "effectiveDate", rankSince.minusYears(3))));
            for (int year = registeredOn.getYear() - 5; year < registeredOn.getYear(); year++) {
                int roll = random.nextInt(100);
                String grade = roll < 2 ? "INCOMPETENT" : roll < 6 ? "BASICALLY_COMPETENT" : roll < 30 ? "EXCELLENT"
                        : "COMPETENT";
                LocalDate set = min(LocalDate.of(year + 1, 1, 20), registeredOn.minusDays(1));
                d.facts.add(new Fact("GRADES", id, fields("cadreId", id, "year", year, "grade", grade,
                        "effectiveDate", set)));
            }
            if (random.nextInt(100) < 10) {
                String kind = SANCTIONS[random.nextInt(SANCTIONS.length)];
                d.facts.add(new Fact("SANCTIONS", id, fields("cadreId", id, "kind", kind, "decidedBy", "区纪委监委",
                        "reason", "违反工作纪律", "effectiveDate", day(random, fiveYearsAgo, registeredOn))));
            }
            if (random.nextInt(100) < 30) {
                LocalDate start = day(random, fiveYearsAgo, registeredOn);
                LocalDate end = start.plusMonths(6 + random.nextInt(24));
                String kind = new String[] {"SUPERVISION", "POVERTY_ALLEVIATION", "MAJOR_PROJECTS"}[random.nextInt(3)];
                d.facts.add(new Fact("POSTINGS", id, fields("cadreId", id, "kind", kind, "description", "驻村工作",
                        "startDate", start, "endDate", end.isBefore(registeredOn) ? end : null)));
            }
            if (random.nextInt(100) < 10) {
                String kind = new String[] {"REMINDER", "FORMAL_TALK", "ADMONISHMENT"}[random.nextInt(3)];
                d.facts.add(new Fact("INTERVIEWS", id, fields("cadreId", id, "kind", kind, "interviewer", "区委组织部",
                        "reason", "工作推进不力", "effectiveDate", day(random, fiveYearsAgo, registeredOn))));
            }
            for (int e = 0; e < 2; e++) {
                d.facts.add(new Fact("ENTRIES", id, fields("cadreId", id, "polarity",
                        random.nextInt(3) == 0 ? "NEGATIVE" : "POSITIVE", "aspect", ASPECTS[random.nextInt(ASPECTS.length)],
                        "points", 1 + random.nextInt(5), "summary", "督查通报第" + e + "项",
                        "effectiveDate", day(random, fiveYearsAgo, registeredOn))));
            }
        }
        return d;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** A day from {@code from} up to the day before {@code until}. */
    private static LocalDate day(Random random, LocalDate from, LocalDate until) {
        return from.plusDays(random.nextInt((int) (until.toEpochDay() - from.toEpochDay())));
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    /** The facts of one cadre, registration first. */
    List<Fact> of(String cadreId) {
        return facts.stream().filter(f -> f.subject().equals(cadreId)).toList();
    }

    /**
     * The workbook: a sheet per kind named as the ledger's templates name it, with their headers ({@code headers}:
     * kind → field → header, as {@code GET /api/v1/imports/kinds} lists them); dates as Excel dates, choices as
     * their Chinese labels.
     */
    byte[] xlsx(Map<String, Map<String, String>> headers, Map<String, String> sheets) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(500);
        try {
            CellStyle dates = workbook.createCellStyle();
            dates.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            Map<String, Sheet> byKind = new LinkedHashMap<>();
            Map<String, Integer> next = new LinkedHashMap<>();
            for (Fact fact : facts) {
                Map<String, String> columns = headers.get(fact.kind());
                Sheet sheet = byKind.computeIfAbsent(fact.kind(), k -> {
                    Sheet created = workbook.createSheet(sheets.get(k));
                    Row header = created.createRow(0);
                    int i = 0;
                    for (String title : columns.values()) {
                        header.createCell(i++).setCellValue(title);
                    }
                    return created;
                });
                Row row = sheet.createRow(next.merge(fact.kind(), 1, Integer::sum));
                int i = 0;
                for (String field : columns.keySet()) {
                    Object value = fact.fields().get(field);
                    Cell cell = row.createCell(i++);
                    if (value instanceof LocalDate date) {
                        cell.setCellValue(date);
                        cell.setCellStyle(dates);
                    } else if (value instanceof Integer n) {
                        cell.setCellValue(n);
                    } else if (value != null) {
                        cell.setCellValue(LABELS.getOrDefault(value.toString(), value.toString()));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
    }
}
