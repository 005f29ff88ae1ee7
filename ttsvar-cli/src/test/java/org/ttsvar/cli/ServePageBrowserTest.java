package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser (Debian's headless chromium through chromedriver): type a prompt,
 * watch the tree get one column per scale as the server reports it, get the chosen image and its
 * links. Skipped, saying so, where no chromium or chromedriver is installed ({@code .ci/run} installs them).
 */
class ServePageBrowserTest {
  private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private static Path first(List<String> candidates) {
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
  }

  @Test
  void typingAPromptDrawsTheTreeScaleByScaleThenShowsTheChosenImage() throws Exception {
    Path browser = first(BROWSERS);
    Path driverFile = first(DRIVERS);
    if (browser == null || driverFile == null) {
      System.err.println("NOTICE: ServePageBrowserTest SKIPPED: no chromium and chromedriver here (apt-get install chromium chromium-driver); the live page was not tested in a browser");
    }
    assumeTrue(browser != null && driverFile != null, "no chromium/chromedriver (apt-get install chromium chromium-driver): the browser test of the live page is skipped");
    // Selenium looks for a CDP matching the browser's version; the test uses WebDriver only
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(java.util.logging.Level.OFF);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverFile.toFile()).usingAnyFreePort().build();
    try (EmbeddedServer embedded = new EmbeddedServer(2)) {
      WebDriver page = new ChromeDriver(service, options);
      try {
        page.get(embedded.server.address().toString());
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.cssSelector("#strategy option[value='ttsvar']")).isEmpty());
        assertThat(page.findElement(By.id("grammar")).getAttribute("textContent")).contains("Prompts follow one of GenEval's templates");
        page.findElement(By.id("prompt")).sendKeys("a photo of a red circle and a blue square");
        new Select(page.findElement(By.id("strategy"))).selectByValue("ttsvar");
        page.findElement(By.id("budget")).sendKeys("2");
        page.findElement(By.id("go")).click();
        WebElement best = new WebDriverWait(page, Duration.ofSeconds(300)).until(d -> d.findElements(By.id("best")).stream().findFirst().orElse(null));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> log = (List<Map<String, Object>>) ((JavascriptExecutor) page).executeScript("return window.ttsvarLog");
        List<Object> events = log.stream().map(e -> e.get("event")).toList();
        assertThat(events).containsExactly("sent", "start", "scale", "scale", "scale", "scale", "scale", "scale", "scale", "done");
        // the tree grew by one column per scale, in the browser, before the answer came
        assertThat(log.stream().filter(e -> e.get("event").equals("scale")).map(e -> ((Number) e.get("columns")).intValue()))
            .containsExactly(1, 2, 3, 4, 5, 6, 7);
        double sent = ((Number) log.get(0).get("at")).doubleValue();
        double firstScale = ((Number) log.get(2).get("at")).doubleValue();
        double done = ((Number) log.get(log.size() - 1).get("at")).doubleValue();
        System.err.printf("serve page (embedded, ttsvar N=2): first scale drawn %.0f ms, chosen image %.0f ms after Search%n", firstScale - sent, done - sent);

        // the image is the API's for the same request, and the links lead to the run's files
        String b64 = best.getAttribute("src").replace("data:image/png;base64,", "");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(embedded.server.address().resolve("/v1/images/generations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a photo of a red circle and a blue square\", \"budget\": 2, \"seed\": 0}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(api.body()).get("data").get(0).get("b64_json").asText()).isEqualTo(b64);
        List<String> links = page.findElements(By.cssSelector("#result a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).anyMatch(l -> l.endsWith("/trace.json")).anyMatch(l -> l.endsWith("/search.html")).anyMatch(l -> l.endsWith("/survivors/00.png"));
        for (String l : Stream.concat(links.stream().filter(l -> l.endsWith(".json")), links.stream().filter(l -> l.endsWith(".png"))).toList()) {
          assertThat(http.send(HttpRequest.newBuilder(java.net.URI.create(l)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as(l).isEqualTo(200);
        }
        assertThat(page.findElement(By.id("tree")).getAttribute("innerHTML")).contains("#d4a017"); // the final tree marks the chosen path
      } finally {
        page.quit();
      }
    }
  }
}
