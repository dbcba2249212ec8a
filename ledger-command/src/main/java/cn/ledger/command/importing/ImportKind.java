package cn.ledger.command.importing;

import static cn.ledger.command.importing.Column.choice;
import static cn.ledger.command.importing.Column.date;
import static cn.ledger.command.importing.Column.decimal;
import static cn.ledger.command.importing.Column.id;
import static cn.ledger.command.importing.Column.integer;
import static cn.ledger.command.importing.Column.oneOf;
import static cn.ledger.command.importing.Column.text;

import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.PostLevels;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.UnitCategory;
import cn.ledger.security.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of record an existing 台账 workbook may hold, one sheet each, in the order they are appended (units
 * before the cadres in them, cadres before their records). Each names its sheet, the role the API requires for it,
 * and its columns. Every sheet of a record about a cadre has an optional 编号 (the office's own number of the row):
 * when filled, it identifies the row across uploads; otherwise the row's content does.
 */
enum ImportKind {

    UNITS("单位", Role.RECORDER, List.of(
            id("unitId", "单位编号", true),
            text("name", "单位名称", true, 100),
            choice("category", "类别", true, Labels.UNIT_CATEGORIES),
            id("parentUnitId", "上级单位编号", false),
            date("effectiveDate", "设立日期", true))),
    CADRES("干部", Role.RECORDER, List.of(
            id("cadreId", "干部编号", true),
            text("name", "姓名", true, 100),
            id("unitId", "单位编号", true),
            text("post", "现任职务", true, 100),
            oneOf("postLevel", "职务层次", true, PostLevels.LADDER),
            date("postSince", "任现职时间", true),
            text("rank", "现任职级", true, 50),
            date("rankSince", "任现职级时间", true),
            date("workStartDate", "参加工作时间", true),
            integer("grassrootsYears", "基层工作年限", true),
            text("education", "学历", false, 50),
            date("effectiveDate", "登记日期", true))),
    POSTS("任职经历", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            text("post", "职务", true, 100),
            oneOf("postLevel", "职务层次", true, PostLevels.LADDER),
            date("effectiveDate", "任职时间", true))),
    RANKS("职级经历", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            text("rank", "职级", true, 50),
            date("effectiveDate", "任职级时间", true))),
    GRADES("年度考核", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            integer("year", "年度", true),
            choice("grade", "等次", true, Labels.GRADES),
            date("effectiveDate", "确定日期", true))),
    SANCTIONS("处分处理", Role.DISCIPLINE_OFFICER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            choice("kind", "种类", true, Labels.SANCTIONS),
            integer("probationMonths", "留党察看月数", false),
            text("decidedBy", "决定机关", true, 100),
            text("reason", "事由", true, 2000),
            date("effectiveDate", "生效日期", true))),
    POSTINGS("一线经历", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            choice("kind", "类别", true, Labels.FRONTLINE),
            text("description", "工作内容", true, 500),
            date("startDate", "开始日期", true),
            date("endDate", "结束日期", false))),
    INTERVIEWS("谈话", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            choice("kind", "种类", true, Labels.INTERVIEWS),
            text("interviewer", "谈话人", true, 100),
            text("reason", "事由", true, 2000),
            date("effectiveDate", "谈话日期", true))),
    ENTRIES("正负向记录", Role.RECORDER, List.of(
            text("number", "编号", false, 64),
            id("cadreId", "干部编号", true),
            choice("polarity", "类型", true, Labels.POLARITIES),
            text("aspect", "考核方面", true, 100),
            decimal("points", "分值", true),
            text("summary", "事项", true, 2000),
            date("effectiveDate", "发生日期", true)));

    private final String sheet;
    private final Role role;
    private final List<Column> columns;

    ImportKind(String sheet, Role role, List<Column> columns) {
        this.sheet = sheet;
        this.role = role;
        this.columns = columns;
    }

    String sheet() {
        return sheet;
    }

    Role role() {
        return role;
    }

    List<Column> columns() {
        return columns;
    }

    /** The kind whose sheet has this name (trimmed), or whose code it is. */
    static Optional<ImportKind> ofSheet(String name) {
        String trimmed = name == null ? "" : name.trim();
        for (ImportKind kind : values()) {
            if (kind.sheet.equals(trimmed) || kind.name().equalsIgnoreCase(trimmed)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The field that dates the record: what decides whether it is history. */
    String dateField() {
        return this == POSTINGS ? "startDate" : "effectiveDate";
    }

    /** Chinese labels of the codes the API takes. */
    static final class Labels {

        static final Map<UnitCategory, String> UNIT_CATEGORIES = new EnumMap<>(Map.of(
                UnitCategory.CITY, "市", UnitCategory.DISTRICT, "区县", UnitCategory.STREET_OFFICE, "街道",
                UnitCategory.DISTRICT_DEPARTMENT, "区直部门", UnitCategory.TOWNSHIP, "乡镇"));
        static final Map<AnnualGrade, String> GRADES = new EnumMap<>(Map.of(
                AnnualGrade.EXCELLENT, "优秀", AnnualGrade.COMPETENT, "称职",
                AnnualGrade.BASICALLY_COMPETENT, "基本称职", AnnualGrade.INCOMPETENT, "不称职"));
        static final Map<InterviewKind, String> INTERVIEWS = new EnumMap<>(Map.of(
                InterviewKind.REMINDER, "提醒谈话", InterviewKind.FORMAL_TALK, "约谈",
                InterviewKind.ADMONISHMENT, "诫勉谈话"));
        static final Map<FrontlineKind, String> FRONTLINE = new EnumMap<>(Map.of(
                FrontlineKind.SUPERVISION, "督查督办", FrontlineKind.STABILITY, "维护稳定",
                FrontlineKind.PETITIONS, "信访接待", FrontlineKind.POVERTY_ALLEVIATION, "脱贫攻坚",
                FrontlineKind.INVESTMENT_PROMOTION, "招商引资", FrontlineKind.MAJOR_PROJECTS, "重大项目"));
        static final Map<Polarity, String> POLARITIES = new EnumMap<>(Map.of(
                Polarity.POSITIVE, "正向", Polarity.NEGATIVE, "负向"));
        static final Map<SanctionKind, String> SANCTIONS = sanctions();

        private Labels() {}

        /** e.g. 政务处分·记过: the family keeps the two 警告 apart. */
        private static Map<SanctionKind, String> sanctions() {
            Map<SanctionKind, String> labels = new EnumMap<>(SanctionKind.class);
            for (SanctionKind kind : SanctionKind.values()) {
                String family = switch (kind.family()) {
                    case PARTY_DISCIPLINE -> "党纪处分";
                    case GOVERNMENT_SANCTION -> "政务处分";
                    case ORGANISATIONAL_HANDLING -> "组织处理";
                };
                labels.put(kind, family + "·" + kind.label());
            }
            return labels;
        }
    }
}
