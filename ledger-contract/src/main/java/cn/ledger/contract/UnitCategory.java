package cn.ledger.contract;

/** Kinds of unit; units are ranked only against units of the same category under the same parent. */
public enum UnitCategory {
    /** 市 */
    CITY,
    /** 区 / 县 */
    DISTRICT,
    /** 办事处 (street office) */
    STREET_OFFICE,
    /** 区直单位 (district department) */
    DISTRICT_DEPARTMENT,
    /** 乡镇 */
    TOWNSHIP
}
