package cn.ledger.contract;

/** Kinds of frontline posting (一线工作经历). */
public enum FrontlineKind {
    /** 督查 */
    SUPERVISION,
    /** 维稳 */
    STABILITY,
    /** 信访 */
    PETITIONS,
    /** 联扶 */
    POVERTY_ALLEVIATION,
    /** 招商引资 */
    INVESTMENT_PROMOTION,
    /** 重大项目建设 */
    MAJOR_PROJECTS
}
