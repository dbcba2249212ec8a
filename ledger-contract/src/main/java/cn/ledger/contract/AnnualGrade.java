package cn.ledger.contract;

/** 年度考核 grades. */
public enum AnnualGrade {
    /** 优秀 */
    EXCELLENT,
    /** 称职 */
    COMPETENT,
    /** 基本称职 */
    BASICALLY_COMPETENT,
    /** 不称职 */
    INCOMPETENT
}
