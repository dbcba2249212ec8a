package cn.ledger.contract;

/** What kind of problem a negative entry (负向纪实) records. */
public enum NegativeFinding {
    /** 督查发现问题: a problem found by supervision or inspection */
    PROBLEM_FOUND,
    /** 逾期未完成: a deadline missed */
    MISSED_DEADLINE,
    /** 投诉属实: a complaint upheld */
    COMPLAINT_UPHELD,
    /** 其他 */
    OTHER
}
