package cn.ledger.query.eligibility;

import cn.ledger.contract.FrontlineKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The local numbers and switches (every district sets its own), under a {@code version} that each
 * answer carries. National numbers are not here: they are constants of the engine.
 */
public record EligibilityPolicy(String version, int admonishmentMonths, boolean frontlineRequiredForCounty,
        Set<FrontlineKind> countingFrontlineKinds, boolean awardRequiresNoNegativeEntry,
        boolean awardRequiresNoSanction, boolean awardRequiresNoRedCard, List<RankStep> rankTable) {

    /** One row of the rank table: from rank, to rank, minimum years in the from rank. */
    public record RankStep(String from, String to, int years) {
        public RankStep {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (years < 1) {
                throw new IllegalArgumentException("A rank step needs at least one year");
            }
        }
    }

    /** 公务员职务与职级并行规定 (2019): the comprehensive-management ranks. */
    public static final List<RankStep> NATIONAL_RANK_TABLE = List.of(
            new RankStep("二级科员", "一级科员", 2),
            new RankStep("一级科员", "四级主任科员", 2),
            new RankStep("四级主任科员", "三级主任科员", 2),
            new RankStep("三级主任科员", "二级主任科员", 2),
            new RankStep("二级主任科员", "一级主任科员", 2),
            new RankStep("一级主任科员", "四级调研员", 2),
            new RankStep("四级调研员", "三级调研员", 2),
            new RankStep("三级调研员", "二级调研员", 2),
            new RankStep("二级调研员", "一级调研员", 3),
            new RankStep("一级调研员", "二级巡视员", 4),
            new RankStep("二级巡视员", "一级巡视员", 4));

    public EligibilityPolicy {
        Objects.requireNonNull(version, "version");
        if (admonishmentMonths < 0) {
            throw new IllegalArgumentException("admonishmentMonths cannot be negative");
        }
        countingFrontlineKinds = Set.copyOf(countingFrontlineKinds);
        rankTable = List.copyOf(rankTable);
    }

    /**
     * 诫勉 6 months; frontline experience of any kind required for county-level posts (Lanzhou);
     * awards need no negative entry, no sanction and no red card in the period; the national rank table.
     */
    public static EligibilityPolicy defaults() {
        return new EligibilityPolicy("defaults-1", 6, true, EnumSet.allOf(FrontlineKind.class), true, true, true,
                NATIONAL_RANK_TABLE);
    }

    public Optional<RankStep> stepFrom(String rank) {
        return rankTable.stream().filter(step -> step.from().equals(rank)).findFirst();
    }

    public EligibilityPolicy withVersion(String newVersion) {
        return new EligibilityPolicy(newVersion, admonishmentMonths, frontlineRequiredForCounty,
                countingFrontlineKinds, awardRequiresNoNegativeEntry, awardRequiresNoSanction, awardRequiresNoRedCard,
                rankTable);
    }

    public EligibilityPolicy withAdmonishmentMonths(int months) {
        return new EligibilityPolicy(version, months, frontlineRequiredForCounty, countingFrontlineKinds,
                awardRequiresNoNegativeEntry, awardRequiresNoSanction, awardRequiresNoRedCard, rankTable);
    }

    public EligibilityPolicy withFrontline(boolean required, Set<FrontlineKind> counting) {
        return new EligibilityPolicy(version, admonishmentMonths, required, counting, awardRequiresNoNegativeEntry,
                awardRequiresNoSanction, awardRequiresNoRedCard, rankTable);
    }

    public EligibilityPolicy withAwardConditions(boolean noNegativeEntry, boolean noSanction, boolean noRedCard) {
        return new EligibilityPolicy(version, admonishmentMonths, frontlineRequiredForCounty, countingFrontlineKinds,
                noNegativeEntry, noSanction, noRedCard, rankTable);
    }

    public EligibilityPolicy withRankTable(List<RankStep> table) {
        return new EligibilityPolicy(version, admonishmentMonths, frontlineRequiredForCounty, countingFrontlineKinds,
                awardRequiresNoNegativeEntry, awardRequiresNoSanction, awardRequiresNoRedCard, table);
    }
}
