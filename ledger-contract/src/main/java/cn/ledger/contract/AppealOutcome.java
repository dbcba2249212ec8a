package cn.ledger.contract;

/** How an appeal was decided. */
public enum AppealOutcome {
    /** 维持: the contested record stands */
    UPHELD,
    /** 变更: the contested record is changed (the change is recorded separately) */
    AMENDED,
    /** 撤销: the contested record is revoked */
    REVOKED
}
