package cn.ledger.contract;

/** 亮牌 colours: blue is good, yellow a warning, red failing. */
public enum CardColour {
    BLUE,
    YELLOW,
    RED
}
