package cn.ledger.contract;

/**
 * Every sanction and organisational handling the regulations name. How long each one blocks
 * promotion (its influence period) is the eligibility engine's business, not the contract's.
 */
public enum SanctionKind {
    /** 党纪处分: 警告 */
    PARTY_WARNING(Family.PARTY_DISCIPLINE, "警告"),
    /** 党纪处分: 严重警告 */
    PARTY_SERIOUS_WARNING(Family.PARTY_DISCIPLINE, "严重警告"),
    /** 党纪处分: 撤销党内职务 */
    PARTY_REMOVAL_FROM_POST(Family.PARTY_DISCIPLINE, "撤销党内职务"),
    /** 党纪处分: 留党察看 (probation of 12 or 24 months) */
    PARTY_PROBATION(Family.PARTY_DISCIPLINE, "留党察看"),
    /** 党纪处分: 开除党籍 */
    PARTY_EXPULSION(Family.PARTY_DISCIPLINE, "开除党籍"),
    /** 政务处分: 警告 */
    GOVERNMENT_WARNING(Family.GOVERNMENT_SANCTION, "警告"),
    /** 政务处分: 记过 */
    GOVERNMENT_DEMERIT(Family.GOVERNMENT_SANCTION, "记过"),
    /** 政务处分: 记大过 */
    GOVERNMENT_MAJOR_DEMERIT(Family.GOVERNMENT_SANCTION, "记大过"),
    /** 政务处分: 降级 */
    GOVERNMENT_DEMOTION(Family.GOVERNMENT_SANCTION, "降级"),
    /** 政务处分: 撤职 */
    GOVERNMENT_REMOVAL(Family.GOVERNMENT_SANCTION, "撤职"),
    /** 组织处理: 诫勉 */
    ORGANISATIONAL_ADMONISHMENT(Family.ORGANISATIONAL_HANDLING, "诫勉"),
    /** 组织处理: 调整职务 */
    ORGANISATIONAL_REASSIGNMENT(Family.ORGANISATIONAL_HANDLING, "调整职务"),
    /** 组织处理: 责令辞职 */
    ORGANISATIONAL_ORDERED_TO_RESIGN(Family.ORGANISATIONAL_HANDLING, "责令辞职"),
    /** 组织处理: 免职 */
    ORGANISATIONAL_REMOVAL(Family.ORGANISATIONAL_HANDLING, "免职"),
    /** 组织处理: 降职 */
    ORGANISATIONAL_DEMOTION(Family.ORGANISATIONAL_HANDLING, "降职");

    public enum Family {
        /** 党纪处分 */
        PARTY_DISCIPLINE,
        /** 政务处分 */
        GOVERNMENT_SANCTION,
        /** 组织处理 */
        ORGANISATIONAL_HANDLING
    }

    private final Family family;
    private final String label;

    SanctionKind(Family family, String label) {
        this.family = family;
        this.label = label;
    }

    public Family family() {
        return family;
    }

    /** The Chinese name of the sanction within its family. */
    public String label() {
        return label;
    }
}
