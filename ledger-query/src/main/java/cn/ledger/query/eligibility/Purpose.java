package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.util.Objects;

/** What the cadre is being considered for. */
public sealed interface Purpose {

    static Purpose leadershipPost(String targetLevel) {
        return new LeadershipPost(targetLevel);
    }

    static Purpose rankPromotion() {
        return new RankPromotion();
    }

    static Purpose award(LocalDate from, LocalDate to) {
        return new Award(from, to);
    }

    /** Selection for a leadership post (领导职务) at {@code targetLevel}, e.g. 县处副. */
    record LeadershipPost(String targetLevel) implements Purpose {
        public LeadershipPost {
            PostLevels.requireKnown(targetLevel);
        }
    }

    /** Promotion to the next rank (职级晋升); the engine derives the target from the rank table. */
    record RankPromotion() implements Purpose {
    }

    /** An award (评先选优) for the period {@code [from, to]}. */
    record Award(LocalDate from, LocalDate to) implements Purpose {
        public Award {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("An award period cannot end before it starts");
            }
        }
    }
}
