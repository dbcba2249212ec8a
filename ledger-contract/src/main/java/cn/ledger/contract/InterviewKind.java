package cn.ledger.contract;

/** The three kinds of interview (谈话) the regulations name. */
public enum InterviewKind {
    /** 提醒谈话 */
    REMINDER,
    /** 约谈 */
    FORMAL_TALK,
    /** 诫勉谈话, which also carries an influence period */
    ADMONISHMENT
}
