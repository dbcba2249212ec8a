/**
 * Eligibility of a cadre for a leadership post, a rank promotion or an award, on a date, as the
 * ledger knew it at an instant. {@link cn.ledger.query.eligibility.EligibilityEngine} is the entry
 * point; the answer is eligible or not eligible, never "promoted".
 *
 * <p>Readings of the regulations where they leave room:
 * <ul>
 * <li>A record counts when it took effect on or before {@code asOf} and was recorded by
 * {@code knownAt}. A correction (revocation or 容错免责) counts by the same test, so it is not
 * retroactive: for a date before the correction took effect the record still counts, as a
 * decision is not suspended while under review.</li>
 * <li>Influence periods combine by adding a new measure's period to the running end when it starts inside
 * it; this is never shorter than the heavier period alone, so "the heaviest effect applies" needs
 * no separate step. The 48-month ceiling caps a continuous span from its first sanction but never
 * cuts a single sanction's own period (开除党籍, 60 months).</li>
 * <li>责令辞职/免职: for one year no leadership post equal to the one held before the measure (the post
 * held the day before it took effect), for two years none above it and no rank promotion: 12 months for a
 * target at or below that level, 24 for a target above it (and for any target when no earlier post is
 * known) and for rank promotion; 12 for awards.</li>
 * <li>诫勉 is one measure, whether entered as an organisational-handling sanction, as a 诫勉谈话 interview or
 * both ways: either carries the policy's months (6 by default) for every purpose. 诫勉 records taking
 * effect on the same day, or linked by {@code sameMeasureAs}, are one measure, which takes effect on its
 * earliest record's date; the outcome lists every record's event id. A revoked or tolerated record takes
 * no part; the others of its measure still count.</li>
 * <li>Last year's grade of 基本称职 or 不称职 blocks with no clearing date: the next grade to judge is
 * unknown. A year left without a grade because of a sanction (不定等次) does not block here; the
 * sanction's influence period does. A missing grade passes.</li>
 * <li>Grassroots years are taken as recorded at registration; nothing is added for later time,
 * which the ledger cannot place at the grassroots.</li>
 * <li>Years in post and the county conditions apply to the regular steps: deputy to principal at
 * the same level (2 years) and principal to the deputy of the next level (3 years). A step that
 * skips a level is not judged (破格提拔); a lateral or lower target needs no years.</li>
 * <li>Rank years: see {@link cn.ledger.query.eligibility.RankYears}. An earlier year with no grade
 * does not count; last year with no grade yet is awaited rather than held against the cadre.</li>
 * <li>Sanction effects on grades apply in the calendar year the sanction took effect (and the next,
 * for 记大过/降级/撤职). 警告 covers the Party and the government warning alike.</li>
 * </ul>
 */
package cn.ledger.query.eligibility;
