package cn.ledger.query.eligibility;

import java.util.List;

/** The ladder of leadership-post levels (职务层次), lowest first: deputy then principal at each tier. */
final class PostLevels {

    static final List<String> LADDER = cn.ledger.contract.PostLevels.LADDER;

    private PostLevels() {
    }

    static String requireKnown(String level) {
        if (level == null || !LADDER.contains(level)) {
            throw new IllegalArgumentException("Unknown post level " + level + "; expected one of " + LADDER);
        }
        return level;
    }

    static int rank(String level) {
        return LADDER.indexOf(requireKnown(level));
    }

    static boolean isDeputy(String level) {
        return requireKnown(level).endsWith("副");
    }

    static String tier(String level) {
        return requireKnown(level).substring(0, 2);
    }

    /** County-level (县处级) targets carry the work-years, grassroots and frontline conditions. */
    static boolean isCountyLevel(String level) {
        return tier(level).equals("县处");
    }
}
