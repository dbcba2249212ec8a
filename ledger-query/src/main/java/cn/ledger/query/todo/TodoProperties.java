package cn.ledger.query.todo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a record becomes a to-do ({@code ledger.todo.*}, local practice).
 *
 * @param appealDueWithin                an undecided appeal shows this long before its decision is due (the due
 *                                       date itself is the statutory one the appeal was filed with: 30 days for a
 *                                       review, 60 for a complaint)
 * @param investigationOpenLongerThan    an investigation still open after this long shows
 */
@ConfigurationProperties("ledger.todo")
public record TodoProperties(@DefaultValue("7d") Duration appealDueWithin,
        @DefaultValue("90d") Duration investigationOpenLongerThan) {

    public TodoProperties {
        if (appealDueWithin.isNegative() || investigationOpenLongerThan.isNegative()) {
            throw new IllegalArgumentException("ledger.todo durations must not be negative");
        }
    }
}
