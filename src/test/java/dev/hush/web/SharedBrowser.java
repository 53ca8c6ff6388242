package dev.hush.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One Chromium for every test of a class: launched before the first, closed after the last. */
final class SharedBrowser implements BeforeAllCallback, AfterAllCallback {
  private Playwright playwright;
  private Browser browser;

  @Override
  public void beforeAll(ExtensionContext context) {
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  Browser browser() {
    return browser;
  }
}
