package cn.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.TestInfrastructure;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's import page in headless Chromium against the three services: a recorder downloads a template,
 * uploads a workbook whose one row names a cadre the ledger does not know, sees the import rejected with that row's
 * problem, and downloads the report.
 */
class ImportConsoleIT {

    static LocalSystem system;
    static WebDriver driver;
    static WebDriverWait wait;
    static Path downloads;

    @BeforeAll
    static void startSystemAndBrowser() throws Exception {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        ConsoleIT.ensureBrowser();
        system = new LocalSystem(home, TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), TestInfrastructure.kafkaBootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/import-console-logs"));
        system.start(Duration.ofMinutes(10));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ConsoleIT.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("import-console-chromium"), "--window-size=1400,1500");
        downloads = Files.createTempDirectory("import-console-downloads");
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        System.setProperty("webdriver.chrome.driver", ConsoleIT.CHROMEDRIVER.toString());
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(ConsoleIT.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aRecorderDownloadsATemplateUploadsAWorkbookAndReadsEachRowsProblem() throws Exception {
        driver.get(system.query().baseUrl() + "/console/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("demo-recorder-anning"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-import"))).click();

        wait.until(ExpectedConditions.elementToBeClickable(By.id("template-GRADES"))).click();
        // (headless Chromium may replace the Chinese of a downloaded file's name: the workbook itself is checked)
        Path template = downloaded(Set.of());
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

        driver.findElement(By.id("import-report")).click();
        Path report = downloaded(Set.of(template));
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(report))) {
            Row bad = book.getSheet("年度考核").getRow(1);
            assertThat(bad.getCell(1).getStringCellValue()).isEqualTo("no-such-cadre");
            assertThat(bad.getCell(5).getStringCellValue()).contains("第2行").contains("干部编号");
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
