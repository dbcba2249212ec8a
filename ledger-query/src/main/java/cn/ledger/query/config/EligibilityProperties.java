package cn.ledger.query.config;

import cn.ledger.contract.FrontlineKind;
import cn.ledger.query.eligibility.EligibilityPolicy;
import cn.ledger.query.eligibility.EligibilityPolicy.RankStep;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The eligibility policy as configuration ({@code ledger.eligibility.*}). The national numbers are
 * in the engine; what a district sets for itself is here, under a version that every answer names.
 * Unset values take the defaults of {@link EligibilityPolicy#defaults()}.
 */
@ConfigurationProperties("ledger.eligibility")
public record EligibilityProperties(
        String version,
        Integer admonishmentMonths,
        Frontline frontline,
        Award award,
        List<RankStep> rankTable) {

    /** Local rule (Lanzhou): county-level candidates need a frontline posting of one of these kinds. */
    public record Frontline(Boolean requiredForCounty, Set<FrontlineKind> countingKinds) {}

    /** 评先选优 conditions over the award period. */
    public record Award(Boolean noNegativeEntry, Boolean noSanction, Boolean noRedCard) {}

    public EligibilityPolicy toPolicy() {
        EligibilityPolicy d = EligibilityPolicy.defaults();
        Set<FrontlineKind> kinds = frontline == null || frontline.countingKinds() == null
                || frontline.countingKinds().isEmpty() ? d.countingFrontlineKinds()
                : EnumSet.copyOf(frontline.countingKinds());
        return new EligibilityPolicy(
                version == null ? d.version() : version,
                admonishmentMonths == null ? d.admonishmentMonths() : admonishmentMonths,
                frontline == null || frontline.requiredForCounty() == null ? d.frontlineRequiredForCounty()
                        : frontline.requiredForCounty(),
                kinds,
                award == null || award.noNegativeEntry() == null ? d.awardRequiresNoNegativeEntry()
                        : award.noNegativeEntry(),
                award == null || award.noSanction() == null ? d.awardRequiresNoSanction() : award.noSanction(),
                award == null || award.noRedCard() == null ? d.awardRequiresNoRedCard() : award.noRedCard(),
                rankTable == null || rankTable.isEmpty() ? d.rankTable() : rankTable);
    }
}
