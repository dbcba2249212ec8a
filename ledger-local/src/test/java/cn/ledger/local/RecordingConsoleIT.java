package cn.ledger.local;

import static cn.ledger.local.ConsoleBrowser.driver;
import static cn.ledger.local.ConsoleBrowser.open;
import static cn.ledger.local.ConsoleBrowser.screenshot;
import static cn.ledger.local.ConsoleBrowser.signIn;
import static cn.ledger.local.ConsoleBrowser.wait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Recording through the console, in a real headless Chromium ({@link ConsoleBrowser}) against the three services
 * as processes ({@link SharedSystem}) with the demo data: a recorder records an entry through the form and sees it on the dossier, is shown the API's
 * problem next to the field, records once however often the same fill is sent, and corrects the record from
 * the dossier; a discipline officer and an assessor each record through a form of theirs. A screenshot of
 * each role's page goes to {@code ledger-local/target/console-screenshots/RecordingConsoleIT-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({SharedSystem.class, ConsoleBrowser.class})
class RecordingConsoleIT {

    static LocalSystem system;
    static String command;

    @BeforeAll
    static void demoDataReadAndTheBrowserOnTheConsole() {
        system = SharedSystem.demoData();
        command = system.command().baseUrl() + "/api/v1";
        LedgerClient reviewer = new LedgerClient(system.tokens().forDemoUser("reviewer-1"));
        // the demo cadres in the directory (the JVM's other tests have cadres of their own in it)
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            for (String cadre : List.of("c-wang", "c-li", "c-zhang", "c-zhao")) {
                assertThat(reviewer.get(system.query().baseUrl() + "/api/v1/directory/cadres?q=" + cadre).expect(200)
                        .json().get("cadres").findValuesAsText("id")).contains(cadre);
            }
        });
        ConsoleBrowser.use(system);
    }

    @Test
    @Order(1)
    void aRecorderStartsOnTheFormsAndRecordsAnEntryThatTheDossierShows() {
        signIn("recorder-anning");
        // the start page of a role that writes is its forms, not "nothing here"
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-entry")));
        assertThat(driver.findElements(By.id("home-message"))).isEmpty();
        assertThat(driver.findElement(By.id("record-intro")).getText()).contains("纪实录入");
        for (String form : List.of("entry", "interview", "grade", "posting", "registerCadre", "registerUnit", "appoint",
                "rankChange", "transfer")) {
            assertThat(driver.findElements(By.id("form-link-" + form))).as(form).hasSize(1);
        }
        assertThat(driver.findElements(By.id("form-link-sanction"))).isEmpty();
        assertThat(driver.findElements(By.id("form-link-card"))).isEmpty();

        // the cadre picker lists only the recorder's scope, by name
        chooseCadre("张伟", "c-zhang");
        List<String> offered = new Select(driver.findElement(By.id("target-cadre"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).toList();
        assertThat(offered).containsExactly("c-zhang");

        String summary = "控制台录入：重点项目按期完成 " + UUID.randomUUID().toString().substring(0, 8);
        select("form-entry-polarity", "POSITIVE");
        type("form-entry-aspect", "项目双进");
        type("form-entry-points", "2.5");
        type("form-entry-summary", summary);
        type("form-entry-evidence", "验收报告\n现场照片");
        screenshot("recording-1-recorder-form");
        driver.findElement(By.id("form-entry-submit")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result")));
        assertThat(result.getText()).contains("已记录").contains(summary).contains("项目双进");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        screenshot("recording-2-recorder-recorded");

        driver.findElement(By.id("form-result-dossier")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-summary"), "张伟"));
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[contains(@class,'records-table')]//tr[td[contains(., '" + summary + "')]]")));
        assertThat(row.getText()).contains("recorder-anning").contains("正向纪实");
        screenshot("recording-3-recorder-dossier");

        // corrected from the record itself: revoked, and the dossier shows it revoked
        row.findElement(By.cssSelector("button[data-action='revokeEntry']")).click();
        WebElement fix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fix-revokeEntry")));
        fix.findElement(By.name("reason")).sendKeys("录入对象有误");
        fix.findElement(By.id("fix-revokeEntry-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr.correction-row #form-result")));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("tr.correction-row #form-result"), "data-applied", "true"));
        driver.findElement(By.id("fix-reload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.xpath(
                "//table[contains(@class,'records-table')]//tr[td[contains(., '" + summary + "')]]"), "已撤销"));
        assertThat(driver.findElements(By.xpath("//table[contains(@class,'records-table')]//tr[td[contains(., '"
                + summary + "')]]//button[@data-action='revokeEntry']"))).isEmpty();
    }

    @Test
    @Order(2)
    void aBadFormShowsTheFieldsProblemFromTheHintsAndFromTheApi() {
        signIn("recorder-anning");
        open("#/record?form=entry&cadre=c-zhang");
        waitForCadre("c-zhang");
        select("form-entry-polarity", "NEGATIVE");
        // the finding is asked for negative entries only
        assertThat(driver.findElement(By.id("form-entry-finding")).isDisplayed()).isTrue();
        type("form-entry-aspect", "平安建设");
        type("form-entry-points", "1.234");
        driver.findElement(By.id("form-entry-submit")).click();
        // hints: nothing is sent
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-entry-points-error"))).getText())
                .contains("小数最多 2 位");
        assertThat(driver.findElement(By.id("form-entry-summary-error")).getText()).contains("必填");
        assertThat(driver.findElements(By.id("form-result"))).isEmpty();

        // an aspect the ledger is not configured with passes the hints; the API refuses it, naming the field
        type("form-entry-aspect", "不存在的考核方面");
        type("form-entry-points", "1");
        type("form-entry-summary", "督查发现问题");
        driver.findElement(By.id("form-entry-submit")).click();
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-entry-aspect-error")));
        assertThat(problem.getText()).contains("configured aspects");
        assertThat(driver.findElement(By.cssSelector("#form-entry .form-problem")).getText()).contains("未记录（4")
                .contains("aspect is not one of the configured aspects").doesNotContain("null");
        assertThat(driver.findElement(By.id("form-entry-points-error")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.id("form-result"))).isEmpty();
        screenshot("recording-4-recorder-problem");

        // fixed, the same form records (a new fill: a new key, not the refused one's)
        type("form-entry-aspect", "平安建设");
        driver.findElement(By.id("form-entry-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result"))).getText())
                .contains("已记录").contains("督查发现问题");
    }

    @Test
    @Order(3)
    void aDoubleClickAndASecondSendOfTheSameFillRecordOnce() {
        signIn("recorder-anning");
        open("#/record?form=interview&cadre=c-zhang");
        waitForCadre("c-zhang");
        String reason = "控制台双击测试 " + UUID.randomUUID().toString().substring(0, 8);
        select("form-interview-kind", "REMINDER");
        type("form-interview-interviewer", "区委组织部");
        type("form-interview-reason", reason);
        new Actions(driver).doubleClick(driver.findElement(By.id("form-interview-submit"))).perform();
        String id = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result-id"))).getText();
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        // the same fill sent again: the same key, the same record (the answer replayed)
        ((JavascriptExecutor) driver).executeScript("document.getElementById('form-result').remove()");
        driver.findElement(By.id("form-interview-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result")));
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        assertThat(driver.findElement(By.id("form-result-id")).getText()).isEqualTo(id);

        // the event store holds it once
        LedgerClient auditor = new LedgerClient(system.tokens().forDemoUser("auditor-1"));
        JsonNode events = auditor.get(command + "/audit/streams/c-zhang/events?limit=1000").expect(200).json().get("events");
        long copies = StreamSupport.stream(events.spliterator(), false)
                .filter(e -> e.path("payload").path("reason").asText().equals(reason)).count();
        assertThat(copies).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aDisciplineOfficerOpensAnInvestigation() {
        signIn("discipline-1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-sanction")));
        assertThat(driver.findElements(By.id("form-link-investigation"))).hasSize(1);
        assertThat(driver.findElements(By.id("form-link-entry"))).isEmpty();
        open("#/record?form=investigation");
        chooseCadre("赵敏", "c-zhao");
        type("form-investigation-authority", "区纪委监委");
        type("form-investigation-reason", "控制台录入：涉嫌违反工作纪律");
        screenshot("recording-5-discipline-form");
        driver.findElement(By.id("form-investigation-submit")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result")));
        assertThat(result.getText()).contains("已记录").contains("区纪委监委");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        driver.findElement(By.id("form-result-dossier")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[contains(@class,'records-table')]//tr[td[contains(., '涉嫌违反工作纪律')]]")));
        // closing it is offered from the record
        assertThat(row.findElements(By.cssSelector("button[data-action='closeInvestigation']"))).hasSize(1);
        screenshot("recording-6-discipline-dossier");
    }

    @Test
    @Order(5)
    void anAssessorIssuesACard() {
        signIn("assessor-1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-card")));
        for (String form : List.of("card", "assignment", "completion", "evaluation")) {
            assertThat(driver.findElements(By.id("form-link-" + form))).as(form).hasSize(1);
        }
        WebElement unit = driver.findElement(By.id("target-unit"));
        wait.until(d -> unit.findElements(By.cssSelector("option[value='anning-minzheng']")).size() == 1);
        new Select(unit).selectByValue("anning-minzheng");
        type("form-card-aspect", "民生保障");
        type("form-card-quarter", "2024-Q2");
        select("form-card-colour", "YELLOW");
        screenshot("recording-7-assessor-form");
        driver.findElement(By.id("form-card-submit")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result")));
        assertThat(result.getText()).contains("已记录").contains("黄牌").contains("2024-Q2");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        assertThat(result.getText()).contains("assessor-1");
        screenshot("recording-8-assessor-recorded");
    }

    @Test
    @Order(6)
    void anAssessorRevokesAUnitsCardChosenFromItsRecords() {
        signIn("assessor-1");
        // the start page's form menu offers it (once the page has rendered)
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-link-revokeUnitRecord")));
        open("#/record?form=revokeUnitRecord&unit=anning-zhujian");
        // the unit's records that can be revoked, from its timeline: the demo's blue card among them
        String card = wait.until(d -> optionWith("form-revokeUnitRecord-recordId", "经济运行", "蓝牌"));
        select("form-revokeUnitRecord-recordId", card);
        type("form-revokeUnitRecord-reason", "控制台录入：发牌依据有误");
        driver.findElement(By.id("form-revokeUnitRecord-submit")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result")));
        assertThat(result.getText()).contains("已记录").contains("发牌依据有误");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        screenshot("recording-9-assessor-revoked-card");

        // revoked again (another fill: another key): the API's 409 is shown next to the record chosen
        type("form-revokeUnitRecord-reason", "再次撤销");
        driver.findElement(By.id("form-revokeUnitRecord-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-revokeUnitRecord-recordId-error")))
                .getText()).contains("already revoked");
        assertThat(driver.findElement(By.cssSelector("#form-revokeUnitRecord .form-problem")).getText()).contains("未记录（409");

        // the form read again offers the card no more
        driver.navigate().refresh();
        wait.until(d -> optionWith("form-revokeUnitRecord-recordId", "经济运行") != null
                || optionWith("form-revokeUnitRecord-recordId", "月考评") != null);
        List<String> stillOffered = wait.until(d -> offered("form-revokeUnitRecord-recordId"));
        assertThat(stillOffered).doesNotContain(card);
    }

    @Test
    @Order(7)
    void aRecorderRenamesAndClosesAUnit() {
        LedgerClient recorder = new LedgerClient(system.tokens().forDemoUser("recorder-anning"));
        String unit = streetOffice(recorder, "控制台测试社区");
        String directory = system.query().baseUrl() + "/api/v1/directory/units";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertThat(recorder.get(directory).expect(200).body()).contains(unit));
        signIn("recorder-anning");
        for (String form : List.of("renameUnit", "closeUnit")) {
            assertThat(driver.findElements(By.id("form-link-" + form))).as(form).hasSize(1);
        }
        open("#/record?form=renameUnit&unit=" + unit);
        wait.until(d -> unit.equals(d.findElement(By.id("target-unit")).getAttribute("value")));
        type("form-renameUnit-name", "控制台更名社区");
        driver.findElement(By.id("form-renameUnit-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result"))).getText())
                .contains("已记录").contains("控制台更名社区");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));

        open("#/record?form=closeUnit&unit=" + unit);
        wait.until(d -> unit.equals(d.findElement(By.id("target-unit")).getAttribute("value")));
        // the reason is required: the hint, nothing sent
        driver.findElement(By.id("form-closeUnit-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-closeUnit-reason-error"))).getText())
                .contains("必填");
        type("form-closeUnit-reason", "控制台录入：社区撤并");
        driver.findElement(By.id("form-closeUnit-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result"))).getText())
                .contains("已记录").contains("社区撤并");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        screenshot("recording-10-recorder-closed-unit");

        // the pickers show it renamed and closed, no longer to be chosen
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertThat(recorder.get(directory).expect(200).body()).contains("控制台更名社区").contains("closedOn\":\"20"));
        open("#/record?form=registerUnit");
        driver.navigate().refresh();
        WebElement option = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#form-registerUnit-parentUnitId option[value='" + unit + "']")));
        assertThat(option.getText()).contains("控制台更名社区");
        assertThat(option.isEnabled()).isFalse();
    }

    @Test
    @Order(8)
    void aRecorderFilesAReviewOfASanctionFromTheDossierAndAComplaintBeforeItsDecisionIsRefused() {
        // a cadre of their own with a sanction decided today: a review is filed within 30 days of the decision
        String cadre = "rc-" + UUID.randomUUID().toString().substring(0, 8);
        LedgerClient recorder = new LedgerClient(system.tokens().forDemoUser("recorder-anning"));
        recorder.post(command + "/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"复核测试\",\"unitId\":"
                + "\"anning-peilimen\",\"post\":\"副科长\",\"postLevel\":\"乡科副\",\"postSince\":\"2021-01-01\","
                + "\"rank\":\"四级主任科员\",\"rankSince\":\"2021-01-01\",\"workStartDate\":\"2015-07-01\","
                + "\"grassrootsYears\":3,\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
        String sanctionReason = "控制台测试：考勤违纪 " + cadre;
        JsonNode sanctionAnswer = new LedgerClient(system.tokens().forDemoUser("discipline-1")).post(
                command + "/cadres/" + cadre + "/sanctions", "{\"kind\":\"PARTY_WARNING\",\"decidedBy\":\"安宁区纪委\","
                        + "\"reason\":\"" + sanctionReason + "\",\"effectiveDate\":\"" + java.time.LocalDate.now() + "\"}")
                .expect(201).json();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(recorder.get(system.query().baseUrl() + "/api/v1/streams/" + cadre + "/records?minSequence="
                        + sanctionAnswer.get("sequenceNumber").asLong()).expect(200).body()).contains(sanctionReason));

        signIn("recorder-anning");
        open("#/dossier?cadre=" + cadre);
        String sanction = "//table[contains(@class,'records-table')]//tr[td[contains(., '" + sanctionReason + "')]]";
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(sanction)));
        row.findElement(By.cssSelector("button[data-action='fileAppeal']")).click();
        WebElement fix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fix-fileAppeal")));
        assertThat(fix.findElement(By.name("contestedRecordId")).getAttribute("value")).isNotEmpty();
        new Select(fix.findElement(By.name("stage"))).selectByValue("REVIEW");
        String reason = "控制台录入：事实认定有误 " + UUID.randomUUID().toString().substring(0, 8);
        fix.findElement(By.name("reason")).sendKeys(reason);
        fix.findElement(By.id("fix-fileAppeal-submit")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("tr.correction-row #form-result"), "data-applied", "true"));
        assertThat(driver.findElement(By.cssSelector("tr.correction-row #form-result")).getText()).contains("复核");
        screenshot("recording-11-recorder-appeal");
        driver.findElement(By.id("fix-reload")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[contains(@class,'records-table')]//tr[td[contains(., '" + reason + "')]]")));

        // a 申诉 while the 复核 is undecided: the API refuses it, and the form says so
        row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(sanction)));
        row.findElement(By.cssSelector("button[data-action='fileAppeal']")).click();
        fix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fix-fileAppeal")));
        new Select(fix.findElement(By.name("stage"))).selectByValue("COMPLAINT");
        fix.findElement(By.name("reason")).sendKeys("控制台录入：申诉");
        fix.findElement(By.id("fix-fileAppeal-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fix-fileAppeal .form-problem")))
                .getText()).contains("未记录（422");
        assertThat(driver.findElements(By.cssSelector("tr.correction-row #form-result"))).isEmpty();
    }

    @Test
    @Order(9)
    void aCadreAppealsAgainstTheirOwnRecordAndIsToldWhenTheTimeHasRunOut() {
        signIn("c-wang");
        open("#/dossier?cadre=c-wang");
        // the demo's negative entry of 2023-09-05: the cadre is offered the appeal, and nothing else
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[contains(@class,'records-table')]//tr[td[contains(., '督查发现辖区安全隐患整改不到位')]]")));
        assertThat(row.findElements(By.cssSelector("button[data-action]")).stream()
                .map(b -> b.getAttribute("data-action"))).containsExactly("fileAppeal");
        assertThat(driver.findElements(By.cssSelector("button[data-action='revokeEntry']"))).isEmpty();
        row.findElement(By.cssSelector("button[data-action='fileAppeal']")).click();
        WebElement fix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fix-fileAppeal")));
        new Select(fix.findElement(By.name("stage"))).selectByValue("REVIEW");
        fix.findElement(By.name("reason")).sendKeys("控制台录入：本人申请复核");
        fix.findElement(By.id("fix-fileAppeal-submit")).click();
        // the cadre's own token passes the service's check (not 403); the 30 days to ask for a review have passed
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fix-fileAppeal .form-problem")));
        assertThat(problem.getText()).contains("未记录（422");
        assertThat(driver.findElement(By.id("fix-fileAppeal")).getText()).contains("2023-10-05");
        screenshot("recording-12-cadre-appeal-refused");
        assertThat(driver.findElements(By.cssSelector("tr.correction-row #form-result"))).isEmpty();
    }

    @Test
    @Order(10)
    void anAssessorClosesAnOpenAssignmentChosenFromTheUnitsOpenOnes() {
        // a unit of its own, so that no other test's counts see the assignment
        LedgerClient recorder = new LedgerClient(system.tokens().forDemoUser("recorder-anning"));
        String unit = streetOffice(recorder, "销号测试社区");
        String title = "控制台测试：整改台账 " + unit;
        java.time.LocalDate today = java.time.LocalDate.now();
        JsonNode issued = new LedgerClient(system.tokens().forDemoUser("assessor-1")).post(command + "/units/" + unit
                + "/assignments", "{\"kind\":\"WEEKLY\",\"title\":\"" + title + "\",\"dueDate\":\"" + today.plusDays(7)
                + "\",\"effectiveDate\":\"" + today + "\"}").expect(201).json();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(recorder.get(system.query().baseUrl() + "/api/v1/streams/" + unit + "/records?minSequence="
                        + issued.get("sequenceNumber").asLong()).expect(200).body()).contains(title));

        signIn("assessor-1");
        open("#/record?form=completion&unit=" + unit);
        // the unit named in the address: its open assignments are offered at once, by title and due date
        String assignment = wait.until(d -> optionWith("form-completion-assignmentId", title));
        assertThat(assignment).isEqualTo(issued.get("id").asText());
        select("form-completion-assignmentId", assignment);
        type("form-completion-note", "控制台录入：已整改到位");
        driver.findElement(By.id("form-completion-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-result"))).getText())
                .contains("已记录").contains("已整改到位");
        wait.until(ExpectedConditions.attributeToBe(By.id("form-result"), "data-applied", "true"));
        screenshot("recording-13-assessor-completed");

        // read again, the form has nothing open to offer for the unit
        driver.navigate().refresh();
        wait.until(d -> optionWith("form-completion-assignmentId", "没有") != null);
        List<String> stillOpen = wait.until(d -> offered("form-completion-assignmentId"));
        assertThat(stillOpen).doesNotContain(assignment);
    }

    /** A street office of its own under 培黎街道, registered by {@code recorder}: its id. */
    static String streetOffice(LedgerClient recorder, String name) {
        String unit = "rc-" + UUID.randomUUID().toString().substring(0, 8);
        recorder.post(command + "/units", "{\"unitId\":\"" + unit + "\",\"name\":\"" + name + "\",\"category\":"
                + "\"STREET_OFFICE\",\"parentUnitId\":\"anning-peilimen\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
        return unit;
    }

    /**
     * The value of the first option of the select {@code id} whose text holds every one of {@code texts}; null while
     * there is none, or while the form is replacing the options (the element read is then gone).
     */
    static String optionWith(String id, String... texts) {
        try {
            return new Select(driver.findElement(By.id(id))).getOptions().stream()
                    .filter(o -> java.util.Arrays.stream(texts).allMatch(o.getText()::contains))
                    .map(o -> o.getAttribute("value")).findFirst().orElse(null);
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return null;
        }
    }

    /** The values the select {@code id} offers; null while the form is replacing its options. */
    static List<String> offered(String id) {
        try {
            return new Select(driver.findElement(By.id(id))).getOptions().stream().map(o -> o.getAttribute("value")).toList();
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return null;
        }
    }

    static void chooseCadre(String name, String id) {
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-cadre-q")));
        search.clear();
        search.sendKeys(name);
        waitForCadre(id);
    }

    static void waitForCadre(String id) {
        wait.until(d -> "".equals(d.findElement(By.id("target-cadre")).getAttribute("value")) ? null
                : d.findElement(By.id("target-cadre")).getAttribute("value").equals(id));
    }

    static void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    static void select(String id, String value) {
        new Select(driver.findElement(By.id(id))).selectByValue(value);
    }
}
