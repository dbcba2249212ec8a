package cn.ledger.local;

import static cn.ledger.local.ConsoleBrowser.downloads;
import static cn.ledger.local.ConsoleBrowser.driver;
import static cn.ledger.local.ConsoleBrowser.open;
import static cn.ledger.local.ConsoleBrowser.screenshot;
import static cn.ledger.local.ConsoleBrowser.signIn;
import static cn.ledger.local.ConsoleBrowser.wait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's import page in headless Chromium ({@link ConsoleBrowser}) against the three services
 * ({@link SharedSystem}): a recorder downloads a template, uploads a workbook whose one row names a cadre the ledger
 * does not know, sees the import rejected with that row's problem, downloads the report, fixes the row in it and
 * uploads it again (appended; a second time nothing is), and finds the record on the cadre's dossier. Screenshots go to
 * {@code ledger-local/target/console-screenshots/ImportConsoleIT-*.png}.
 */
@ExtendWith({SharedSystem.class, ConsoleBrowser.class})
class ImportConsoleIT {

    static LocalSystem system;

    @BeforeAll
    static void theBrowserOnTheConsole() {
        system = SharedSystem.demoData();   // the fixed row names a cadre registered under the demo's 培黎街道
        ConsoleBrowser.use(system);
    }

    @Test
    void aRecorderDownloadsATemplateUploadsAWorkbookAndReadsEachRowsProblem() throws Exception {
        signIn("recorder-anning");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-import"))).click();
        screenshot("1-import-page");

        // (the browser's download directory is shared by the console tests: only what appears now is looked at)
        Set<Path> earlier = downloadedSoFar();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("template-GRADES"))).click();
        // (headless Chromium may replace the Chinese of a downloaded file's name: the workbook itself is checked)
        Path template = downloaded(earlier);
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(template))) {
            assertThat(book.getSheet("年度考核").getRow(0).getCell(1).getStringCellValue()).isEqualTo("干部编号");
        }

        Path file = Files.createTempDirectory("import-console-upload").resolve("台账.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("年度考核");
            List<String> headers = List.of("编号", "干部编号", "年度", "等次", "确定日期");
            List<String> values = List.of("1", "no-such-cadre", "2024", "称职", "2025-01-20");
            Row header = sheet.createRow(0);
            Row row = sheet.createRow(1);
            for (int i = 0; i < headers.size(); i++) {
                header.createCell(i).setCellValue(headers.get(i));
                row.createCell(i).setCellValue(values.get(i));
            }
            book.write(out);
        }
        driver.findElement(By.id("import-file")).sendKeys(file.toString());
        driver.findElement(By.id("import-upload")).click();

        WebElement job = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#import-job[data-state='REJECTED']")));
        assertThat(job.getText()).contains("1 / 1");
        WebElement problem = driver.findElement(By.cssSelector("#import-problems tbody tr"));
        assertThat(problem.getAttribute("data-sheet")).isEqualTo("年度考核");
        assertThat(problem.getAttribute("data-row")).isEqualTo("2");
        assertThat(problem.getText()).contains("干部编号").contains("no-such-cadre");
        screenshot("2-import-rejected");

        earlier = downloadedSoFar();
        driver.findElement(By.id("import-report")).click();
        Path report = downloaded(earlier);
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(report))) {
            Row bad = book.getSheet("年度考核").getRow(1);
            assertThat(bad.getCell(1).getStringCellValue()).isEqualTo("no-such-cadre");
            assertThat(bad.getCell(5).getStringCellValue()).contains("第2行").contains("干部编号");
        }

        // fixed in the report itself — the row now names a cadre of the ledger — and uploaded again as it is (the
        // 问题 column is ignored): appended, and on the cadre's dossier
        String cadre = "ic-" + UUID.randomUUID().toString().substring(0, 8);
        new LedgerClient(system.tokens().forDemoUser("recorder-anning")).post(system.command().baseUrl() + "/api/v1/cadres",
                "{\"cadreId\":\"" + cadre + "\",\"name\":\"导入测试\",\"unitId\":\"anning-peilimen\",\"post\":\"副科长\","
                        + "\"postLevel\":\"乡科副\",\"postSince\":\"2021-01-01\",\"rank\":\"四级主任科员\","
                        + "\"rankSince\":\"2021-01-01\",\"workStartDate\":\"2015-07-01\",\"grassrootsYears\":3,"
                        + "\"effectiveDate\":\"2023-01-01\"}").expect(201);
        Path fixed = file.resolveSibling("台账-已改.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(report)); OutputStream out = Files.newOutputStream(fixed)) {
            book.getSheet("年度考核").getRow(1).getCell(1).setCellValue(cadre);
            book.write(out);
        }
        driver.findElement(By.id("import-file")).sendKeys(fixed.toString());
        driver.findElement(By.id("import-upload")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#import-job[data-state='DONE']")));
        assertThat(driver.findElement(By.id("import-counts")).getText()).contains("本次记入 1 行").contains("问题 0 处");
        screenshot("3-import-fixed");

        // the same file once more: nothing appended twice
        driver.findElement(By.id("import-file")).sendKeys(fixed.toString());
        driver.findElement(By.id("import-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-counts"), "此前已记入 1 行"));
        assertThat(driver.findElement(By.id("import-counts")).getText()).contains("本次记入 0 行");

        open("#/dossier?cadre=" + cadre);
        WebElement grade = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[contains(@class,'records-table')]//tr[td[contains(., '年度考核')] and td[contains(., '称职')]]")));
        assertThat(grade.getText()).contains("recorder-anning");
        screenshot("4-import-on-the-dossier");
    }

    /** The workbooks in the download directory now. */
    static Set<Path> downloadedSoFar() throws java.io.IOException {
        try (var files = Files.list(downloads)) {
            return files.filter(p -> p.toString().endsWith(".xlsx")).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The finished download that is not one of {@code before}. */
    static Path downloaded(Set<Path> before) {
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var files = Files.list(downloads)) {
                found[0] = files.filter(p -> p.toString().endsWith(".xlsx") && !before.contains(p)).findFirst().orElse(null);
            }
            assertThat(found[0]).isNotNull();
        });
        return found[0];
    }
}
