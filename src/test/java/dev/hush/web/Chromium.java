package dev.hush.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's Chromium driven by Playwright, offline: Playwright never downloads a browser of its own. */
final class Chromium {
  private static final String PATH = System.getenv().getOrDefault("HUSH_CHROMIUM", "/usr/bin/chromium");

  private Chromium() {}

  static Playwright playwright() {
    return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  /** Headless, and without the background connections a closed network refuses. */
  static Browser launch(Playwright playwright) {
    if (!Files.isExecutable(Path.of(PATH))) {
      throw new IllegalStateException("Chromium not found at " + PATH + ": install Debian's chromium package (see .ci/run)");
    }
    return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(PATH)).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run")));
  }
}
