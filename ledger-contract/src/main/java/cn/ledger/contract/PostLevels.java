package cn.ledger.contract;

import java.util.List;

/**
 * The levels of leadership posts (职务层次), lowest first: the deputy, then the principal of each tier. A cadre's
 * post is recorded at one of them; the eligibility rules count years at a level and compare levels on this ladder.
 */
public final class PostLevels {

    /** The ladder as a regular expression, for request validation (an annotation needs a constant). */
    public static final String PATTERN = "乡科副|乡科正|县处副|县处正|厅局副|厅局正|省部副|省部正";

    public static final List<String> LADDER = List.of(PATTERN.split("\\|"));

    public static final String MESSAGE = "must be one of 乡科副, 乡科正, 县处副, 县处正, 厅局副, 厅局正, 省部副, 省部正";

    private PostLevels() {}

    public static boolean known(String level) {
        return level != null && LADDER.contains(level);
    }
}
