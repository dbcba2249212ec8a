package cn.ledger.contract;

/** The two stages of contesting a decision. */
public enum AppealStage {
    /** 复核: request for review by the deciding body */
    REVIEW,
    /** 申诉: complaint to the higher body */
    COMPLAINT
}
