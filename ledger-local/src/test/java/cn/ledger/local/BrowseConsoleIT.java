package cn.ledger.local;

import static cn.ledger.local.ConsoleBrowser.driver;
import static cn.ledger.local.ConsoleBrowser.open;
import static cn.ledger.local.ConsoleBrowser.screenshot;
import static cn.ledger.local.ConsoleBrowser.signIn;
import static cn.ledger.local.ConsoleBrowser.wait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
 * Browsing the console in headless Chromium ({@link ConsoleBrowser}) against the three services with the demo data,
 * in a database and on a broker of its own, with months that never close by themselves: cadre and unit names link
 * to the dossier and the roster, the pages for interview counts, card totals, completion and tallies, each role's
 * to-do list on the start page, the operator closing a review group's month from it and redriving a parked stream
 * once its cause is fixed. Screenshots go to
 * {@code ledger-local/target/console-screenshots/BrowseConsoleIT-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ConsoleBrowser.class)
class BrowseConsoleIT {

    static KafkaServer kafka;
    static String database;
    static LocalSystem system;

    @BeforeAll
    static void startSystem() {
        Path home = ConsoleBrowser.HOME;
        kafka = KafkaServer.start(0);
        database = TestInfrastructure.anotherDatabase("browse");
        system = new LocalSystem(home, database, TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), kafka.bootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/browse-logs"), Map.of(),
                // the operator closes the months here: none closes by itself during the test
                Map.of("LEDGER_RANKING_CLOSEAFTER", "36500d"));
        system.start(Duration.ofMinutes(6));
        new DemoData(system.tokens()::forDemoUser, system.command().baseUrl()).load();
        LedgerClient admin = new LedgerClient(system.tokens().forDemoUser("admin-1"));
        LedgerClient reviewer = new LedgerClient(system.tokens().forDemoUser("reviewer-1"));
        String query = system.query().baseUrl() + "/api/v1";
        String ranking = system.ranking().baseUrl() + "/api/v1";
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            assertThat(admin.get(ranking + "/todo?limit=200").expect(200).json().path("items").findValuesAsText("recordId"))
                    .contains("anning/2023-08", "anning/2023-09");
            assertThat(reviewer.get(query + "/units/anning-fagai/eligibility-roster?purpose=RANK_PROMOTION&asOf=2024-06-30")
                    .expect(200).json().get("totalCadres").asInt()).isEqualTo(1);
            assertThat(reviewer.get(query + "/cadres/c-li/dossier").expect(200).json().get("investigations").size())
                    .isEqualTo(1);
            assertThat(reviewer.get(ranking + "/tallies/monthly/2023-09?parentUnitId=anning").expect(200).json().size())
                    .isEqualTo(5);
        });
        ConsoleBrowser.use(system);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void aReviewerFollowsNamesFromTheRosterToTheDossierAndFromTheUnitBack() {
        signIn("reviewer-1");
        open("#/roster?unit=anning-fagai&purpose=RANK_PROMOTION&asOf=2024-06-30");
        WebElement zhang = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#roster tr[data-cadre='c-zhang'] a.cadre-link")));
        assertThat(zhang.getText()).isEqualTo("张伟");
        assertThat(driver.findElement(By.id("roster-summary")).getText()).startsWith("区发展和改革局");
        screenshot("browse-1-roster-names");
        zhang.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-summary"), "张伟"));
        assertThat(driver.getCurrentUrl()).contains("#/dossier?cadre=c-zhang");
        WebElement unit = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#dossier-summary a.unit-link[data-unit='anning-fagai']")));
        assertThat(unit.getText()).isEqualTo("区发展和改革局");
        screenshot("browse-2-dossier-unit-link");
        unit.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#roster tr[data-cadre='c-zhang']")));
        assertThat(driver.getCurrentUrl()).contains("#/roster?unit=anning-fagai");

        // from the ranking, a unit's name leads to its roster
        open("#/ranking?month=2023-09&parentUnitId=anning");
        WebElement minzheng = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "tr[data-unit='anning-minzheng'] td.unit a.unit-link")));
        assertThat(minzheng.getText()).isEqualTo("区民政局");
        minzheng.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("roster-summary")));
        assertThat(driver.findElement(By.id("roster-summary")).getText()).startsWith("区民政局");
    }

    @Test
    @Order(2)
    void aReviewerReadsInterviewCountsCardTotalsCompletionAndTallies() {
        signIn("reviewer-1");
        open("#/interviews?unit=anning&per=QUARTER");
        WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("interviews-summary")));
        assertThat(summary.getText()).contains("安宁区").containsPattern("共 [1-9]\\d* 人次");
        assertThat(driver.findElements(By.cssSelector("#interviews tbody tr[data-period]"))).isNotEmpty();
        screenshot("browse-3-interviews");

        open("#/cardTotals?quarter=2023-Q3&unit=anning");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#card-totals tr[data-unit]")));
        assertThat(driver.findElement(By.id("card-totals-summary")).getText()).contains("安宁区");
        screenshot("browse-4-card-totals");

        open("#/completion?from=2023-09-01&to=2023-09-30&unit=anning");
        WebElement fagai = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#completion tr[data-unit='anning-fagai']")));
        assertThat(fagai.getText()).contains("区发展和改革局");
        assertThat(driver.findElement(By.id("completion-summary")).getText()).contains("交办 10 项");
        screenshot("browse-5-completion");

        open("#/tallies?month=2023-09&parentUnitId=anning");
        List<WebElement> rows = wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tallies tbody tr"), 5));
        assertThat(rows.get(0).getText()).contains("区发展和改革局");
        screenshot("browse-6-tallies");
    }

    @Test
    @Order(3)
    void eachRoleFindsItsOwnToDoListOnTheStartPage() {
        signIn("discipline-1");
        WebElement investigation = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#todo li.todo-item[data-kind='INVESTIGATION_OPEN']")));
        assertThat(investigation.getText()).contains("立案审查调查").contains("信访举报核查").contains("沙井驿街道办事处");
        assertThat(investigation.findElement(By.cssSelector("[data-cadre='c-li']")).getText()).isEqualTo("李秀英");
        assertThat(driver.findElements(By.cssSelector("#todo li[data-kind='ASSIGNMENT']"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#todo li[data-kind='MONTH_CLOSE']"))).isEmpty();
        screenshot("browse-7-todo-discipline");

        signIn("assessor-1");
        List<WebElement> assignments = wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#todo li.todo-item[data-kind='ASSIGNMENT']"), 5));
        assertThat(assignments.get(0).getText()).contains("挂账未销号").contains("责任清单：项目落地");
        assertThat(driver.findElements(By.cssSelector("#todo li[data-kind='INVESTIGATION_OPEN']"))).isEmpty();
        screenshot("browse-8-todo-assessor");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("lang-toggle"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#todo h2"), "To do"));
        assertThat(driver.findElement(By.cssSelector("#todo li.todo-item[data-kind='ASSIGNMENT']")).getText())
                .contains("open, not ticked off");
        screenshot("browse-9-todo-english");
        driver.findElement(By.id("lang-toggle")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#todo h2"), "待办事项"));
    }

    @Test
    @Order(4)
    void theOperatorClosesAReviewGroupsMonthFromTheToDoList() {
        signIn("admin-1");
        WebElement august = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#todo li.todo-item[data-kind='MONTH_CLOSE'][data-record='anning/2023-08']")));
        assertThat(august.getText()).contains("2023-08").contains("安宁区");
        screenshot("browse-10-todo-admin");
        august.findElement(By.cssSelector("a.todo-close")).click();
        WebElement month = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("close-month")));
        assertThat(month.getAttribute("value")).isEqualTo("2023-08");
        assertThat(driver.findElement(By.id("close-group")).getAttribute("value")).isEqualTo("anning");
        // the parked records and rebuilds of both services are listed
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#admin-parked .parked-none"), 2));
        driver.findElement(By.id("close-month-button")).click();
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("close-status")));
        assertThat(status.getText()).isEqualTo("定稿");
        assertThat(driver.findElement(By.id("close-result")).getText()).contains("2023-08").contains("anning");
        screenshot("browse-11-month-closed");

        open("");
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#todo li.todo-item[data-kind='MONTH_CLOSE'][data-record='anning/2023-09']")));
        assertThat(driver.findElements(By.cssSelector("#todo li[data-record='anning/2023-08']"))).isEmpty();
    }

    @Test
    @Order(5)
    void theOperatorRedrivesAParkedStreamInTheBrowser() throws Exception {
        // a read-model rule of ledger-query (a trigger standing in for a bug) refuses one entry of c-wang's: parked
        sql("CREATE FUNCTION ledger_query.reject_entry() RETURNS trigger AS $$ BEGIN IF NEW.summary = '待重新应用的记录' "
                + "THEN RAISE EXCEPTION 'entry % breaks a read-model rule', NEW.entry_id; END IF; RETURN NEW; END $$ "
                + "LANGUAGE plpgsql");
        sql("CREATE TRIGGER reject_entry BEFORE INSERT ON ledger_query.entry FOR EACH ROW EXECUTE FUNCTION "
                + "ledger_query.reject_entry()");
        new LedgerClient(system.tokens().forDemoUser("recorder-anning")).post(system.command().baseUrl()
                + "/api/v1/cadres/c-wang/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"基层党建\",\"points\":1,"
                + "\"summary\":\"待重新应用的记录\",\"evidence\":[],\"effectiveDate\":\"2024-05-06\"}").expect(201);
        LedgerClient admin = new LedgerClient(system.tokens().forDemoUser("admin-1"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() ->
                assertThat(admin.get(system.query().baseUrl() + "/api/v1/todo").expect(200).json().path("items")
                        .findValuesAsText("streamId")).contains("c-wang"));
        sql("DROP TRIGGER reject_entry ON ledger_query.entry"); // the fix

        signIn("admin-1");
        WebElement parked = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#todo li.todo-item[data-kind='PARKED_RECORDS'][data-stream='c-wang']")));
        assertThat(parked.getText()).contains("c-wang").contains("王建国").contains("breaks a read-model rule");
        parked.findElement(By.cssSelector("a.todo-admin")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#admin-parked [data-service='query'] tr[data-stream='c-wang']")));
        assertThat(row.getText()).contains("breaks a read-model rule");
        screenshot("browse-12-parked");
        row.findElement(By.cssSelector("button.redrive")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("redrive-result")));
        assertThat(result.getText()).contains("已重新应用 1 条").contains("仍暂存 0 条");
        assertThat(driver.findElements(By.cssSelector("#admin-parked tr[data-stream='c-wang']"))).isEmpty();
        screenshot("browse-13-redriven");
        assertThat(new LedgerClient(system.tokens().forDemoUser("reviewer-1")).get(system.query().baseUrl()
                + "/api/v1/cadres/c-wang/dossier").expect(200).json().path("entries").findValuesAsText("summary"))
                .contains("待重新应用的记录");
    }

    static void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database, TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword()); java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
