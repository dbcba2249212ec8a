package cn.ledger.local;

import static cn.ledger.local.ConsoleBrowser.console;
import static cn.ledger.local.ConsoleBrowser.downloads;
import static cn.ledger.local.ConsoleBrowser.driver;
import static cn.ledger.local.ConsoleBrowser.open;
import static cn.ledger.local.ConsoleBrowser.screenshot;
import static cn.ledger.local.ConsoleBrowser.signIn;
import static cn.ledger.local.ConsoleBrowser.signOut;
import static cn.ledger.local.ConsoleBrowser.wait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real headless Chromium ({@link ConsoleBrowser}) against the three services as processes
 * ({@link SharedSystem}) with the demo data: what a reviewer, an auditor and a cadre see, the audit verification
 * computed in the browser, and the language switch. A screenshot of every page goes to
 * {@code ledger-local/target/console-screenshots/ConsoleIT-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({SharedSystem.class, ConsoleBrowser.class})
class ConsoleIT {

    static LocalSystem system;
    static int latestVersion;

    @BeforeAll
    static void demoDataReadAndTheBrowserOnTheConsole() {
        system = SharedSystem.demoData();
        awaitReadModels();
        ConsoleBrowser.use(system);
    }

    /** Until the demo data is in both read models, the months are closed and the audit log holds c-wang's stream. */
    static void awaitReadModels() {
        LedgerClient reviewer = new LedgerClient(system.tokens().forDemoUser("reviewer-1"));
        LedgerClient auditor = new LedgerClient(system.tokens().forDemoUser("auditor-1"));
        String ranking = system.ranking().baseUrl() + "/api/v1";
        String query = system.query().baseUrl() + "/api/v1";
        String command = system.command().baseUrl() + "/api/v1";
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            JsonNode september = reviewer.get(ranking + "/rankings/monthly/2023-09?category=DISTRICT_DEPARTMENT"
                    + "&parentUnitId=anning").expect(200).json();
            assertThat(september.get("status").asText()).isEqualTo("FINAL");
            assertThat(september.get("ranking").size()).isEqualTo(3);
            assertThat(september.at("/ranking/0/unitId").asText()).isEqualTo("anning-fagai");
            assertThat(september.at("/ranking/2/outcome").asText()).isEqualTo("STATEMENT");
            assertThat(reviewer.get(ranking + "/accountability?from=2023-09&to=2023-09").expect(200).json()
                    .findValuesAsText("unitId")).contains("anning-minzheng");
            assertThat(reviewer.get(ranking + "/cards/board?quarter=2023-Q3").expect(200).json().toString())
                    .contains("RED");
            assertThat(reviewer.get(query + "/cadres/c-zhang/dossier?asOf=2024-06-30").expect(200).json()
                    .get("sanctions").size()).isEqualTo(1);
            assertThat(reviewer.get(query + "/cadres/c-zhao/dossier").expect(200).json().get("grades").size())
                    .isEqualTo(1);
            assertThat(reviewer.get(query + "/units/anning-fagai/eligibility-roster?purpose=RANK_PROMOTION"
                    + "&asOf=2024-06-30").expect(200).json().get("totalCadres").asInt()).isEqualTo(1);
            JsonNode events = auditor.get(command + "/audit/streams/c-wang/events").expect(200).json().get("events");
            assertThat(events.size()).isGreaterThanOrEqualTo(6);
            assertThat(StreamSupport.stream(events.spliterator(), false).allMatch(e -> e.hasNonNull("leafIndex")))
                    .isTrue();
        });
        // a late entry for the closed month: its ranking gets a new version, the earlier one stays readable
        int versions = reviewer.get(ranking + "/rankings/monthly/2023-09/versions?parentUnitId=anning").expect(200).json().size();
        new LedgerClient(system.tokens().forDemoUser("recorder-anning")).post(command + "/cadres/c-li/entries",
                "{\"polarity\":\"POSITIVE\",\"aspect\":\"基层党建\",\"points\":1,\"summary\":\"补录：社区治理经验获推广\","
                        + "\"evidence\":[],\"effectiveDate\":\"2023-09-26\"}").expect(201);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            assertThat(reviewer.get(ranking + "/rankings/monthly/2023-09/versions?parentUnitId=anning").expect(200).json().size())
                    .isEqualTo(versions + 1);
            assertThat(reviewer.get(ranking + "/rankings/monthly/2023-09?parentUnitId=anning&category=STREET_OFFICE")
                    .expect(200).json().at("/ranking/1/score").decimalValue()).isEqualByComparingTo("72.45");
        });
        latestVersion = versions + 1;
        // a revoked record stays in the dossier, flagged
        String grade = reviewer.get(query + "/cadres/c-zhao/dossier").expect(200).json().at("/grades/0/gradeId").asText();
        new LedgerClient(system.tokens().forDemoUser("recorder-anning")).post(command + "/cadres/c-zhao/records/" + grade
                + "/revocation", "{\"reason\":\"考核结果录入有误\",\"effectiveDate\":\"2024-02-01\"}").expect(201);
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> assertThat(
                reviewer.get(query + "/cadres/c-zhao/dossier").expect(200).json().at("/grades/0/correction/kind").asText())
                .isEqualTo("REVOKED"));
        // and the audit log holds it
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> assertThat(StreamSupport.stream(
                auditor.get(command + "/audit/streams/c-li/events").expect(200).json().get("events").spliterator(), false)
                .allMatch(e -> e.hasNonNull("leafIndex"))).isTrue());
    }

    @Test
    @Order(1)
    void theConsoleIsServedWithoutATokenAndNamesTheOtherServices() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("app.js");
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(console + "config.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains(system.command().baseUrl()).contains(system.ranking().baseUrl())
                .contains("\"securityMode\":\"local\"");
        // a preflight from the console's origin passes the security chain; another origin is refused
        String origin = system.query().baseUrl();
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(system.ranking().baseUrl()
                        + "/api/v1/rankings/monthly/2023-09")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(system.command().baseUrl()
                        + "/api/v1/audit/checkpoint")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aReviewerReadsTheRankingTheCardsADossierAndARoster() throws IOException {
        signIn("reviewer-1");
        assertThat(driver.findElements(By.id("nav-audit"))).isEmpty();

        // one review group: other districts of the same database have versions of 2023-09 of their own
        open("#/ranking?month=2023-09&parentUnitId=anning");
        WebElement departments = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("section.group[data-category='DISTRICT_DEPARTMENT'][data-parent='anning']")));
        List<WebElement> rows = departments.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getAttribute("data-unit")).isEqualTo("anning-fagai");
        assertThat(rows.get(0).findElement(By.cssSelector("td.rank")).getText()).isEqualTo("1");
        assertThat(rows.get(0).findElement(By.cssSelector("td.unit")).getText()).isEqualTo("区发展和改革局");
        assertThat(rows.get(0).findElement(By.cssSelector("td.score")).getText()).isEqualTo("72.5");
        WebElement minzheng = rows.get(2);
        assertThat(minzheng.findElement(By.cssSelector("td.unit")).getText()).isEqualTo("区民政局");
        assertThat(minzheng.getAttribute("data-outcome")).isEqualTo("STATEMENT");
        assertThat(minzheng.findElement(By.cssSelector(".outcome")).getText()).isEqualTo("表态发言");
        assertThat(minzheng.findElement(By.cssSelector(".last-place")).getText()).isEqualTo("末位");
        assertThat(minzheng.findElement(By.cssSelector(".accountability")).getText()).startsWith("启动问责");
        assertThat(driver.findElement(By.id("ranking-status")).getText()).isEqualTo("定稿");
        assertThat(driver.findElement(By.cssSelector(".status-line")).getText())
                .contains("第 " + latestVersion + " 版（共 " + latestVersion + " 版）");
        assertThat(street("anning-shajingyi").findElement(By.cssSelector("td.score")).getText()).isEqualTo("72.45");
        List<WebElement> history = driver.findElements(By.cssSelector("#versions > ol > li"));
        assertThat(history).hasSize(latestVersion);
        assertThat(history.get(latestVersion - 1).getText()).contains("沙井驿街道办事处").contains("71.45 → 72.45");
        screenshot("1-ranking");

        // the CSV export is fetched with the bearer token and saved under the name the service gives
        driver.findElement(By.id("export-csv")).click();
        Path csv = downloads.resolve("ranking-2023-09-anning-v" + latestVersion + ".csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        assertThat(Files.readString(csv)).contains("区发展和改革局").contains("表态发言");

        // the version before the late entry, as it was published
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("version")))
                .selectByValue(Integer.toString(latestVersion - 1));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".status-line"),
                "第 " + (latestVersion - 1) + " 版"));
        assertThat(street("anning-shajingyi").findElement(By.cssSelector("td.score")).getText()).isEqualTo("71.45");
        assertThat(driver.getCurrentUrl()).contains("version=" + (latestVersion - 1));
        assertThat(driver.findElements(By.id("export-xlsx"))).hasSize(1);
        assertThat(driver.findElements(By.id("export-csv"))).hasSize(1);

        open("#/cards?quarter=2023-Q3");
        WebElement red = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#board tr[data-unit='anning-fagai'] td[data-aspect='优化营商环境'] .card-chip")));
        assertThat(red.getAttribute("data-colour")).isEqualTo("RED");
        assertThat(red.getText()).isEqualTo("红牌");
        assertThat(driver.findElement(By.cssSelector("#board tr[data-unit='anning-peilimen'] td[data-aspect='平安建设'] "
                + ".card-chip")).getAttribute("data-colour")).isEqualTo("YELLOW");
        screenshot("2-cards");

        open("#/dossier?cadre=c-zhang&purpose=RANK_PROMOTION&asOf=2024-06-30");
        WebElement sanction = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#timeline g[data-kind='sanction'][data-sanction='GOVERNMENT_DEMERIT']")));
        assertThat(sanction.getAttribute("data-start")).isEqualTo("2023-10-10");
        assertThat(sanction.getAttribute("data-end")).isNotBlank();
        WebElement bar = sanction.findElement(By.cssSelector("rect.bar"));
        assertThat(Double.parseDouble(bar.getAttribute("width"))).isGreaterThan(20);
        assertThat(driver.findElement(By.id("dossier-summary")).getText()).contains("张伟").contains("区发展和改革局");
        WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("eligibility-verdict")));
        assertThat(verdict.getText()).isEqualTo("不符合条件");
        WebElement influence = driver.findElement(By.cssSelector("#rules tr[data-rule='influence-period']"));
        assertThat(influence.getAttribute("data-passed")).isEqualTo("false");
        assertThat(influence.getText()).contains("不通过");
        List<WebElement> links = influence.findElements(By.cssSelector("a.event-link"));
        assertThat(links).isNotEmpty();
        String eventId = links.get(0).getAttribute("data-event");
        links.get(0).click();
        wait.until(ExpectedConditions.attributeContains(By.id("ev-" + eventId), "class", "highlight"));
        screenshot("3-dossier");

        open("#/dossier?cadre=c-zhao");
        WebElement revoked = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#timeline g[data-kind='grade']")));
        assertThat(revoked.getAttribute("data-flag")).isEqualTo("revoked");
        assertThat(revoked.getText()).contains("已撤销");
        assertThat(driver.findElement(By.cssSelector("#records tr.corrected")).getText()).contains("年度考核")
                .contains("已撤销");
        screenshot("3b-revoked");

        open("#/roster?unit=anning-fagai&purpose=RANK_PROMOTION&asOf=2024-06-30");
        WebElement zhang = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#roster tr[data-cadre='c-zhang']")));
        assertThat(zhang.getAttribute("data-eligible")).isEqualTo("false");
        assertThat(zhang.getText()).contains("不符合条件").contains("处分影响期");
        screenshot("4-roster");
        signOut();
    }

    @Test
    @Order(3)
    void anAuditorVerifiesAStreamInTheBrowser() {
        signIn("auditor-1");
        assertThat(driver.findElements(By.id("nav-ranking"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-audit"))).hasSize(1);
        open("#/audit?stream=c-wang");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("verify"))).click();
        WebElement result = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#verify-result[data-status]")));
        assertThat(result.getAttribute("data-status")).as(result.getText()).isEqualTo("OK");
        assertThat(result.getText()).contains("核验通过").contains("签名有效");
        assertThat(driver.findElement(By.id("verify-note")).getText()).startsWith("签名笔记（C2SP tlog-checkpoint）有效");
        List<WebElement> rows = driver.findElements(By.cssSelector("#audit-events tbody tr"));
        List<WebElement> verdicts = driver.findElements(By.cssSelector("#audit-events td.check .verdict"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6);
        assertThat(verdicts).hasSameSizeAs(rows).allSatisfy(v -> assertThat(v.getAttribute("data-status")).isEqualTo("OK"));
        screenshot("5-audit");

        // one stored event altered behind the ledger's back: the browser's check finds it, and only it
        assertThat(tamper("督查发现辖区安全隐患整改不到位", "辖区安全隐患已整改到位")).isEqualTo(1);
        try {
            WebElement before = driver.findElement(By.id("verify-result"));
            open("#/audit?stream=c-wang&event=x");
            wait.until(ExpectedConditions.stalenessOf(before));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("verify"))).click();
            WebElement failed = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#verify-result[data-status]")));
            assertThat(failed.getAttribute("data-status")).as(failed.getText()).isEqualTo("FAIL");
            WebElement altered = driver.findElement(By.cssSelector("#audit-events tr[data-sequence='2']"));
            assertThat(altered.findElement(By.cssSelector(".verdict")).getAttribute("data-status")).isEqualTo("FAIL");
            assertThat(altered.getText()).contains("叶哈希");
            assertThat(driver.findElements(By.cssSelector("#audit-events td.check .verdict[data-status='OK']")))
                    .hasSize(rows.size() - 1);
            screenshot("5b-audit-tampered");
        } finally {
            assertThat(tamper("辖区安全隐患已整改到位", "督查发现辖区安全隐患整改不到位")).isEqualTo(1);
        }

        // from the cadre's dossier to one of its events on the audit page
        open("#/dossier?cadre=c-wang");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline g[data-kind='posting']")));
        assertThat(driver.findElements(By.id("eligibility"))).isEmpty();
        WebElement auditLink = driver.findElement(By.cssSelector("#records tbody tr:nth-child(2) a"));
        String eventRow = auditLink.findElement(By.xpath("./ancestor::tr")).getAttribute("id");
        auditLink.click();
        wait.until(ExpectedConditions.attributeContains(By.id(eventRow), "class", "highlight"));
        assertThat(driver.findElement(By.id(eventRow)).findElement(By.xpath("./ancestor::table")).getAttribute("id"))
                .isEqualTo("audit-events");
        signOut();
    }

    @Test
    @Order(4)
    void theHrSystemIsToldThereIsNothingToReadAndACadreSeesOnlyTheirOwnDossier() {
        signIn("hr-system");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home-message"))).getText())
                .contains("没有可查看的内容");
        assertThat(driver.findElements(By.cssSelector("nav.menu a"))).isEmpty();
        signOut();

        signIn("c-wang");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-summary"), "王建国"));
        assertThat(driver.findElements(By.id("nav-ranking"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-audit"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-dossier"))).hasSize(1);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("eligibility-verdict")));
        screenshot("6-own-dossier");

        open("#/dossier?cadre=c-zhang");
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("main[data-page='dossier'] #page-error")));
        assertThat(refused.getText()).contains("无权查看");
        assertThat(driver.findElements(By.id("dossier-summary"))).isEmpty();
        screenshot("7-refused");

        open("#/ranking?month=2023-09");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("main[data-page='ranking'] #page-error"))).getText())
                .contains("无权查看");
    }

    @Test
    @Order(5)
    void theConsoleSpeaksEnglishOnRequestAndRemembersIt() {
        open("#/dossier");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("lang-toggle"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("nav-dossier"), "Cadre dossier"));
        assertThat(driver.findElement(By.id("sign-out")).getText()).isEqualTo("Sign out");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("nav-dossier"), "Cadre dossier"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-summary"), "Post"));
        screenshot("8-english");
        signOut();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".sign-in h1"), "Sign in"));
        driver.findElement(By.id("lang-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".sign-in h1"), "登录"));
    }

    /** The two eligibility questions whose rule area is read in both languages: many rules, blocked and passing. */
    static final List<String> RULE_QUESTIONS = List.of("purpose=LEADERSHIP_POST&target=" + enc("县处副") + "&asOf=2024-06-30",
            "purpose=RANK_PROMOTION&asOf=2026-06-30");
    /** Two or more ASCII letters in a row: an English word, once ids, codes and names are taken out. */
    static final java.util.regex.Pattern ENGLISH = java.util.regex.Pattern.compile("[A-Za-z]{2,}");
    static final java.util.regex.Pattern CHINESE = java.util.regex.Pattern.compile("\\p{IsHan}");

    @Test
    @Order(6)
    void aChinesePageShowsNoEnglishRuleText() {
        signIn("reviewer-1");
        try {
            for (String question : RULE_QUESTIONS) {
                String area = ruleArea(question);
                assertThat(ENGLISH.matcher(area).find()).as("English in the Chinese rule area: %s", area).isFalse();
                assertThat(area).contains("资格审查").contains("规则").contains("理由");
            }
            // today's complaint: the influence period that has ended reads as Chinese, its date in the Chinese form
            WebElement influence = driver.findElement(By.cssSelector("#rules tr[data-rule='influence-period']"));
            assertThat(influence.getAttribute("data-code")).isEqualTo("influence-period.ended");
            assertThat(influence.findElement(By.cssSelector("td.reason")).getText())
                    .matches("不在影响期内，最近一次影响期已于\\d{4}年\\d{1,2}月\\d{1,2}日结束");
            screenshot("9-rules-chinese");
        } finally {
            signOut();
        }
    }

    @Test
    @Order(7)
    void anEnglishPageShowsNoChineseRuleTextButNames() {
        signIn("reviewer-1");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("lang-toggle"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("nav-dossier"), "Cadre dossier"));
        try {
            for (String question : RULE_QUESTIONS) {
                String area = ruleArea(question);
                assertThat(CHINESE.matcher(area).find()).as("Chinese in the English rule area: %s", area).isFalse();
                assertThat(area).contains("Eligibility").contains("Reason");
            }
            WebElement influence = driver.findElement(By.cssSelector("#rules tr[data-rule='influence-period']"));
            assertThat(influence.findElement(By.cssSelector("td.reason")).getText())
                    .matches("No influence period runs; the last one ended on \\d{1,2} [A-Z][a-z]+ \\d{4}");
            screenshot("10-rules-english");
        } finally {
            driver.findElement(By.id("lang-toggle")).click();
            wait.until(ExpectedConditions.textToBe(By.id("nav-dossier"), "干部纪实档案"));
            signOut();
        }
    }

    /**
     * The text of c-zhang's eligibility section for a question, as the page shows it, with what may be in any
     * language taken out: the record ids, levels, ranks, names and policy version the answer's parameters
     * carry, the rule and outcome codes, the event ids and the target.
     */
    static String ruleArea(String question) {
        WebElement before = driver.findElements(By.id("main")).stream().findFirst().orElse(null);
        open("#/dossier?cadre=c-zhang&" + question);
        if (before != null) {
            wait.until(ExpectedConditions.stalenessOf(before));
        }
        WebElement section = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#eligibility #rules")))
                .findElement(By.xpath("./ancestor::section"));
        JsonNode answer = new LedgerClient(system.tokens().forDemoUser("reviewer-1"))
                .get(system.query().baseUrl() + "/api/v1/cadres/c-zhang/eligibility?" + question).expect(200).json();
        assertThat(answer.get("rules").size()).isGreaterThanOrEqualTo(3);
        assertThat(section.findElements(By.cssSelector("#rules tbody tr"))).hasSize(answer.get("rules").size());
        java.util.Set<String> verbatim = new java.util.TreeSet<>(java.util.Comparator.comparing(String::length)
                .reversed().thenComparing(java.util.Comparator.naturalOrder()));
        verbatim.add(answer.get("cadreId").asText());
        verbatim.add(answer.get("policyVersion").asText());
        if (answer.hasNonNull("target")) {
            verbatim.add(answer.get("target").asText());
        }
        for (JsonNode rule : answer.get("rules")) {
            verbatim.add(rule.get("rule").asText());
            verbatim.add(rule.get("code").asText());
            rule.get("eventIds").forEach(id -> {
                verbatim.add(id.asText());
                verbatim.add(id.asText().substring(0, 8));
            });
            strings(rule.get("params"), verbatim);
        }
        String text = section.getText();
        for (String value : verbatim) {
            if (!value.isBlank()) {
                text = text.replace(value, " ");
            }
        }
        return text;
    }

    /** Every text value in the parameters (ids, levels, names, and the codes of terms and parts). */
    static void strings(JsonNode node, java.util.Set<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
    }

    static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Rewrites text inside c-wang's stored negative entry (sequence 2), as someone with database access could. */
    static int tamper(String from, String to) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                java.sql.PreparedStatement update = c.prepareStatement("""
                        UPDATE ledger_command.domain_event_entry
                           SET payload = convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8')
                         WHERE aggregate_identifier = 'c-wang' AND sequence_number = 2
                           AND position(convert_to(?, 'UTF8') in payload) > 0""")) {
            update.setString(1, from);
            update.setString(2, to);
            update.setString(3, from);
            return update.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebElement street(String unitId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "section.group[data-category='STREET_OFFICE'][data-parent='anning'] tr[data-unit='" + unitId + "']")));
    }
}
