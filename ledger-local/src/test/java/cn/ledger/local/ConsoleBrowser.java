package cn.ledger.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's browser tests' one headless Chromium (Debian's chromium and chromedriver), started by the first
 * console test class of the JVM ({@code @ExtendWith(ConsoleBrowser.class)}) and quit when the JVM's tests are done,
 * and what those classes do with it: open a page of the console, sign in and out as a demo user, take a screenshot.
 *
 * <p>Each class points it at its system's console with {@link #use(LocalSystem)}, which starts from a clean
 * browser (no one signed in, the default language). Screenshots go to one directory,
 * {@code ledger-local/target/console-screenshots/}, named by the test class and step
 * ({@code ConsoleIT-1-ranking.png}); downloads go to {@link #downloads}.
 */
final class ConsoleBrowser implements BeforeAllCallback, org.junit.jupiter.api.extension.TestWatcher {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path HOME = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
    static final Path SCREENSHOTS = HOME.resolve("ledger-local/target/console-screenshots");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConsoleBrowser.class);

    static WebDriver driver;
    static WebDriverWait wait;
    /** Where the browser saves what it downloads (shared by the classes: look for files that were not there). */
    static Path downloads;
    /** The console's address, with the trailing slash: set by {@link #use(LocalSystem)}. */
    static String console;
    private static String testClass = "console";

    /** The running browser and what quits it. */
    private record Session(WebDriver driver, Path downloads) implements AutoCloseable {
        @Override
        public void close() {
            synchronized (ConsoleBrowser.class) {
                ConsoleBrowser.driver = null;
                ConsoleBrowser.wait = null;
            }
            driver.quit();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Session session = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Session.class, key -> start(), Session.class);
        synchronized (ConsoleBrowser.class) {
            driver = session.driver();
            wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            downloads = session.downloads();
            testClass = context.getRequiredTestClass().getSimpleName();
            console = null;
        }
    }

    /**
     * A failed test leaves what the browser showed: a screenshot ({@code <class>-FAILED-<test>.png}) and the page's
     * address and text (to the test's output).
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        String test = context.getRequiredTestMethod().getName();
        try {
            screenshot("FAILED-" + test);
            Object text = ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return document.body ? document.body.innerText : ''");
            System.out.println("[console] " + testClass + "." + test + " failed at " + driver.getCurrentUrl()
                    + "; the page shows:\n" + text);
        } catch (RuntimeException e) {
            System.out.println("[console] no screenshot of the failed " + test + ": " + e.getMessage());
        }
    }

    private static Session start() {
        ensureBrowser();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path logs = HOME.resolve("ledger-local/target/console-logs");
            Files.createDirectories(logs);
            Path downloads = Files.createTempDirectory("console-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("console-chromium"),
                    "--window-size=1400,1500", "--lang=zh-CN");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            // the driver is named explicitly: Selenium Manager never looks for (or downloads) one
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(logs.resolve("chromedriver.log").toFile())
                    .build();
            return new Session(new ChromeDriver(service, options), downloads);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Debian's chromium and chromium-driver: installed with apt-get when missing and this runs as root. */
    static void ensureBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        Path aptGet = Path.of("/usr/bin/apt-get");
        if (Files.isExecutable(aptGet) && "root".equals(System.getProperty("user.name"))) {
            Path log = HOME.resolve("ledger-local/target/console-apt-get.log");
            try {
                Files.createDirectories(log.getParent());
                for (List<String> command : List.of(List.of("apt-get", "update", "-q"),
                        List.of("apt-get", "install", "-y", "-q", "chromium", "chromium-driver"))) {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                    Process process = builder.start();
                    if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                        process.destroyForcibly();
                        break;
                    }
                }
            } catch (IOException e) {
                // reported below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the console's browser tests need Debian's packages chromium and chromium-driver (/usr/bin/chromium, "
                    + "/usr/bin/chromedriver): apt-get install -y chromium chromium-driver");
        }
    }

    /**
     * Points the browser at the console that {@code system}'s ledger-query serves, with nothing an earlier class
     * left: no one signed in, no language chosen, no key pinned.
     */
    static void use(LocalSystem system) {
        console = system.query().baseUrl() + "/console/";
        driver.get(console);
        ((JavascriptExecutor) driver).executeScript("window.localStorage.clear(); window.sessionStorage.clear();");
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
    }

    static void open(String hash) {
        driver.get(console + hash);
    }

    static void signIn(String user) {
        open("");
        // a test that failed half-way leaves its user signed in: start from the sign-in page all the same
        wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".sign-in")),
                ExpectedConditions.presenceOfElementLocated(By.id("sign-out"))));
        if (!driver.findElements(By.id("sign-out")).isEmpty()) {
            signOut();
        }
        wait.until(ExpectedConditions.elementToBeClickable(By.id("demo-" + user))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user));
    }

    static void signOut() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".sign-in")));
    }

    /** {@code console-screenshots/<test class>-<step>.png}. */
    static void screenshot(String step) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(testClass + "-" + step + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
