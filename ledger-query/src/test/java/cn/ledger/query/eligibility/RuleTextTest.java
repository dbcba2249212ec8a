package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.query.review.ReplyLanguage;
import cn.ledger.query.review.RuleText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The message catalogue of rule outcomes: every outcome and part has its sentence in Chinese and in
 * English showing exactly its parameters, every term has its name in both, nothing in the catalogue is
 * unused, and a sentence comes out with its parameters filled in, dates in the language's format, and
 * no English in the Chinese nor Chinese in the English.
 */
class RuleTextTest {

    static final RuleText TEXT = new RuleText();
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    static final Pattern ASCII_WORD = Pattern.compile("[A-Za-z]{2,}");
    static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    /** The keys of the roster file's labels, as EligibilityController uses them. */
    static final List<String> EXPORT_KEYS = List.of("export.roster.title", "export.roster.file", "export.roster.unit",
            "export.roster.purpose", "export.roster.target", "export.roster.policy", "export.roster.asOf",
            "export.roster.knownAt", "export.roster.allRecords", "export.roster.generatedAt",
            "export.roster.completeness", "export.roster.column.cadre", "export.roster.column.name",
            "export.roster.column.eligible", "export.roster.column.blockedBy", "export.roster.column.reasons",
            "export.roster.column.earliest", "export.roster.column.complete", "export.roster.eligible",
            "export.roster.notEligible", "export.roster.reasonSeparator", "export.purpose.LEADERSHIP_POST",
            "export.purpose.RANK_PROMOTION", "export.purpose.AWARD", "export.completeness.complete",
            "export.completeness.incomplete", "export.completeness.stream");
    static final List<String> FORMAT_KEYS = List.of("format.date", "format.separator", "period.year", "period.years",
            "period.month", "period.months", "period.day", "period.days", "period.join");

    static Properties catalogue(String language) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = RuleText.class.getClassLoader()
                .getResourceAsStream(RuleText.BASENAME + "_" + language + ".properties")) {
            assertThat(in).as("the %s catalogue", language).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    static Set<String> placeholders(String sentence) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(sentence);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyOutcomeAndPartHasASentenceInBothLanguagesShowingExactlyItsParameters() throws IOException {
        for (String language : List.of("zh", "en")) {
            Properties catalogue = catalogue(language);
            List<String> problems = new ArrayList<>();
            for (OutcomeCode code : OutcomeCode.values()) {
                String sentence = catalogue.getProperty(code.code());
                if (sentence == null) {
                    problems.add(code.code() + ": no sentence");
                } else if (!placeholders(sentence).equals(new TreeSet<>(code.shownParams()))) {
                    problems.add(code.code() + ": shows " + placeholders(sentence) + ", parameters "
                            + code.shownParams());
                }
            }
            assertThat(problems).as("the %s catalogue", language).isEmpty();
        }
    }

    @Test
    void everyTermHasANameInBothLanguages() throws IOException {
        for (String language : List.of("zh", "en")) {
            Properties catalogue = catalogue(language);
            for (Term.Group group : Term.Group.values()) {
                for (String code : group.codes()) {
                    assertThat(catalogue.getProperty(new Term(group, code).key())).as("%s %s", language, code)
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void bothLanguagesHaveTheSameKeysWithTheSamePlaceholdersAndNoneIsUnused() throws IOException {
        Properties zh = catalogue("zh");
        Properties en = catalogue("en");
        assertThat(zh.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : zh.stringPropertyNames()) {
            assertThat(placeholders(zh.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
        }
        Set<String> used = new HashSet<>(EXPORT_KEYS);
        used.addAll(FORMAT_KEYS);
        Set<String> params = new HashSet<>();
        for (OutcomeCode code : OutcomeCode.values()) {
            used.add(code.code());
            params.addAll(code.params());
        }
        for (Term.Group group : Term.Group.values()) {
            group.codes().forEach(c -> used.add(new Term(group, c).key()));
        }
        // a list's wrapper is used when some outcome or part has a parameter of that name
        zh.stringPropertyNames().stream().filter(k -> k.startsWith("list."))
                .filter(k -> params.contains(k.substring("list.".length()))).forEach(used::add);
        Set<String> unused = new TreeSet<>(zh.stringPropertyNames());
        unused.removeAll(used);
        assertThat(unused).as("keys no outcome, part, term or label uses").isEmpty();
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(zh.stringPropertyNames());
        assertThat(missing).as("keys used but not in the catalogue").isEmpty();
    }

    /** A value of the right type for each parameter name the catalogue knows; a string for any other. */
    static Object sample(String name) {
        return switch (name) {
            case "until", "start", "lastEnded", "nextCountsFrom", "since", "metOn", "workStart", "recordedOn", "asOf",
                    "effectiveDate", "from", "openedOn", "closedOn" -> LocalDate.of(2024, 10, 10);
            case "capMonths" -> 48;
            case "months" -> 12;
            case "nextYear", "year", "pendingYear" -> 2023;
            case "years", "required" -> 5;
            case "maxYears" -> 400;
            case "kind" -> Term.of(SanctionKind.GOVERNMENT_DEMERIT);
            case "standing" -> Term.of(YearGrades.Standing.UNGRADED);
            case "recorded" -> Term.of((cn.ledger.contract.AnnualGrade) null);
            case "correction" -> Term.of(Correction.Kind.TOLERATED);
            case "added", "shortenedBy" -> Period.of(1, 6, 0);
            case "grade" -> filled(OutcomeCode.PART_YEAR_GRADE_SANCTIONED);
            case "sanctions" -> List.of(filled(OutcomeCode.PART_SANCTION_PERIOD), filled(OutcomeCode.PART_SANCTION));
            case "notCounted" -> List.of(filled(OutcomeCode.PART_NOT_COUNTED));
            case "investigations" -> List.of(filled(OutcomeCode.PART_INVESTIGATION_OPENED),
                    filled(OutcomeCode.PART_INVESTIGATION_CLOSED));
            case "postings" -> List.of(filled(OutcomeCode.PART_POSTING));
            case "entries" -> List.of(filled(OutcomeCode.PART_NEGATIVE_ENTRY));
            case "cards" -> List.of(filled(OutcomeCode.PART_RED_CARD));
            case "adjustments" -> List.of(filled(OutcomeCode.PART_RANK_YEAR_NOT_COUNTING),
                    filled(OutcomeCode.PART_RANK_YEAR_EXCELLENT), filled(OutcomeCode.PART_RANK_YEAR_COUNTS),
                    filled(OutcomeCode.PART_RANK_YEAR_COUNTS_SO_FAR));
            case "kinds" -> List.of(Term.of(FrontlineKind.PETITIONS), Term.of(FrontlineKind.STABILITY));
            case "quarters" -> List.of("2023-Q3", "2023-Q4");
            default -> "id-" + name.toLowerCase(Locale.ROOT) + "-7";
        };
    }

    static Map<String, Object> samples(OutcomeCode code) {
        Map<String, Object> params = new LinkedHashMap<>();
        code.params().forEach(p -> params.put(p, sample(p)));
        return params;
    }

    static Part filled(OutcomeCode code) {
        return new Part(code, samples(code));
    }

    @Test
    void everySentenceComesOutWithItsParametersAndDatesInTheLanguageAndNothingOfTheOtherLanguage() {
        for (OutcomeCode code : OutcomeCode.values()) {
            Map<String, Object> params = samples(code);
            String zh = TEXT.render(code.code(), params, RuleText.ZH);
            String en = TEXT.render(code.code(), params, RuleText.EN);
            for (String text : List.of(zh, en)) {
                assertThat(text).as(code.code()).doesNotContain("{").doesNotContain("}").isNotBlank();
            }
            for (String name : code.shownParams()) {
                Object value = params.get(name);
                if (value instanceof LocalDate) {
                    assertThat(zh).as(code.code()).contains("2024年10月10日");
                    assertThat(en).as(code.code()).contains("10 October 2024");
                } else if (value instanceof Integer || value instanceof String) {
                    assertThat(zh).as(code.code() + " " + name).contains(value.toString());
                    assertThat(en).as(code.code() + " " + name).contains(value.toString());
                }
            }
            String zhWithoutIds = zh.replaceAll("id-[a-z]+-7", "").replaceAll("\\d{4}-Q\\d", "");
            String enWithoutIds = en.replaceAll("id-[a-z]+-7", "");
            assertThat(ASCII_WORD.matcher(zhWithoutIds).find()).as("English in the Chinese of %s: %s", code.code(), zh)
                    .isFalse();
            assertThat(HAN.matcher(enWithoutIds).find()).as("Chinese in the English of %s: %s", code.code(), en)
                    .isFalse();
            assertThat(zh).doesNotContain("2024-10-10");
            assertThat(en).doesNotContain("2024-10-10");
        }
    }

    @Test
    void termsPartsPeriodsAndListsAreShownInTheLanguage() {
        Map<String, Object> params = new HashMap<>(samples(OutcomeCode.INFLUENCE_PERIOD_BLOCKED_CAPPED));
        String zh = TEXT.render(OutcomeCode.INFLUENCE_PERIOD_BLOCKED_CAPPED.code(), params, RuleText.ZH);
        String en = TEXT.render(OutcomeCode.INFLUENCE_PERIOD_BLOCKED_CAPPED.code(), params, RuleText.EN);
        assertThat(zh).isEqualTo("处于影响期，至2024年10月10日止：2024年10月10日政务处分·记过（12个月）、2024年10月10日政务处分·记过；"
                + "影响期在剩余期间上累加，自2024年10月10日起最长48个月；不计入：id-recordid-7自2024年10月10日起容错免责");
        assertThat(en).isEqualTo("An influence period runs until 10 October 2024: government demerit of 10 October 2024 "
                + "(12 months), government demerit of 10 October 2024; periods added to the time remaining, capped at 48 "
                + "months from 10 October 2024; not counted: id-recordid-7 tolerated as an honest mistake from "
                + "10 October 2024");
        // an empty list shows nothing, its wrapper included
        params.put("notCounted", List.of());
        assertThat(TEXT.render(OutcomeCode.INFLUENCE_PERIOD_NONE.code(), Map.of("notCounted", List.of()), RuleText.ZH))
                .isEqualTo("不在影响期内");
        Map<String, Object> rank = samples(OutcomeCode.PART_RANK_YEAR_NOT_COUNTING);
        rank.put("added", Period.of(1, 0, 1));
        assertThat(TEXT.render(OutcomeCode.PART_RANK_YEAR_NOT_COUNTING.code(), rank, RuleText.EN))
                .isEqualTo("2023 ungraded (recorded: none; by government demerit of 10 October 2024 (12 months), "
                        + "government demerit of 10 October 2024) does not count: +1 year 1 day");
        assertThat(TEXT.render(OutcomeCode.PART_RANK_YEAR_NOT_COUNTING.code(), rank, RuleText.ZH))
                .endsWith("不计入任职年限：顺延1年1天");
    }

    @Test
    void todaysExampleReadsInEitherLanguageFromItsCodeAndParameters() {
        CadreFacts facts = Fixtures.cadre().with(sanction("s1", SanctionKind.GOVERNMENT_DEMERIT, "2023-10-10"));
        RuleOutcome outcome = ENGINE.evaluate(facts, Purpose.rankPromotion(), d("2025-06-30"))
                .rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
        assertThat(outcome.code()).isEqualTo("influence-period.ended");
        assertThat(outcome.params()).containsEntry("lastEnded", d("2024-10-10")).containsEntry("notCounted", List.of());
        assertThat(TEXT.reason(outcome, RuleText.ZH)).isEqualTo("不在影响期内，最近一次影响期已于2024年10月10日结束");
        assertThat(TEXT.reason(outcome, RuleText.EN))
                .isEqualTo("No influence period runs; the last one ended on 10 October 2024");

        RuleOutcome running = ENGINE.evaluate(facts, Purpose.rankPromotion(), d("2024-06-30"))
                .rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
        assertThat(running.code()).isEqualTo("influence-period.blocked-by-sanction");
        assertThat(running.params().get("until")).isEqualTo(d("2024-10-10"));
        Part part = (Part) ((List<?>) running.params().get("sanctions")).get(0);
        assertThat(part.params()).containsEntry("kind", Term.of(SanctionKind.GOVERNMENT_DEMERIT))
                .containsEntry("months", 12).containsEntry("recordId", "s1")
                .containsEntry("effectiveDate", d("2023-10-10"));
        assertThat(TEXT.reason(running, RuleText.ZH)).isEqualTo("处于影响期，至2024年10月10日止：2023年10月10日政务处分·记过（12个月）");
    }

    @Test
    void anOutcomeTakesExactlyItsParameters() {
        assertThatThrownBy(() -> RuleOutcome.pass(OutcomeCode.INFLUENCE_PERIOD_ENDED,
                OutcomeCode.params("lastEnded", d("2024-10-10")), List.of()))
                .hasMessageContaining("influence-period.ended takes [lastEnded, notCounted]");
        assertThatThrownBy(() -> RuleOutcome.pass(OutcomeCode.PART_SANCTION, Map.of(), List.of()))
                .hasMessageContaining("is a part");
        assertThat(Set.of(OutcomeCode.values()).stream().filter(c -> !c.isPart()).map(OutcomeCode::rule)
                .collect(Collectors.toSet())).as("every outcome belongs to a rule of RuleCodes")
                .allSatisfy(rule -> assertThat(rule).isIn(ruleCodes()));
    }

    static Set<String> ruleCodes() {
        Set<String> codes = new HashSet<>();
        for (java.lang.reflect.Field field : RuleCodes.class.getFields()) {
            try {
                codes.add((String) field.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return codes;
    }

    @Test
    void theLanguageIsChineseUnlessEnglishIsPreferred() {
        assertThat(ReplyLanguage.fromAcceptLanguage(null)).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage("")).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage("en")).isEqualTo(RuleText.EN);
        assertThat(ReplyLanguage.fromAcceptLanguage("en-GB,en;q=0.9")).isEqualTo(RuleText.EN);
        assertThat(ReplyLanguage.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage("fr-FR")).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage("fr;q=1, en;q=0.5")).isEqualTo(RuleText.EN);
        assertThat(ReplyLanguage.fromAcceptLanguage("en;q=0, de")).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage("*")).isEqualTo(RuleText.ZH);
        assertThat(ReplyLanguage.fromAcceptLanguage(";;;=,")).isEqualTo(RuleText.ZH);
    }
}
