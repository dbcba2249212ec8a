package cn.ledger.contract;

/** How an assignment (交办事项) was issued. */
public enum AssignmentKind {
    /** 周交办: from a weekly meeting */
    WEEKLY,
    /** 责任清单: on a responsibility list */
    RESPONSIBILITY_LIST
}
