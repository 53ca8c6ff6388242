package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.ActionPatch;
import dev.hush.actions.ActionStatus;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.Priority;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The header's Light / Dark / System switch, and the colours that must read at 2 AM: the Acknowledge
 * button, the triggered pill, chart labels and controls' borders, measured in the browser in both themes.
 */
class ThemeBrowserTest {
  @RegisterExtension
  static final SharedBrowser CHROMIUM = new SharedBrowser();

  private static final String LIGHT_BACKGROUND = "rgb(247, 247, 245)";
  private static final String DARK_BACKGROUND = "rgb(21, 23, 25)";

  /**
   * The WCAG contrast ratio of an element's {@code property} (a CSS colour property) against what is painted
   * behind it: the first opaque background up the tree, with any translucent ones laid over it.
   */
  private static final String CONTRAST = """
      ([selector, property]) => {
        const el = document.querySelector(selector);
        if (!el) return -1;
        const rgba = c => { const n = c.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
        const layers = [];
        // Text is read against what is behind it; a fill or a border against what is around the element.
        for (let e = property === 'color' || property === 'fill' ? el : el.parentElement; e; e = e.parentElement) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let bg = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : [255, 255, 255, 1];
        while (layers.length) { const l = layers.pop(); bg = [0, 1, 2].map(i => l[i] * l[3] + bg[i] * (1 - l[3])); }
        const fg = rgba(getComputedStyle(el)[property]);
        const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
        const a = lum(fg), b = lum(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      }""";

  private static TestHush t;
  private static long incident;

  @BeforeAll
  static void anIncidentAndAChart() {
    t = TestHush.start(StoreKind.SQLITE);
    String key = t.serviceWithKey("payments");
    t.trigger(key, "pay-2", "Payments slow");
    incident = t.trigger(key, "pay-1", "Payments failing");
    long item = t.hush().actions().create(t.team(), new NewActionItem("retry the card API", t.admin().id(), null, Priority.P1, null, null,
        null, List.of()), null).id();
    t.hush().actions().update(item, new ActionPatch(null, null, null, null, null, ActionStatus.DONE, null, null), null);
  }

  @AfterAll
  static void stop() {
    if (t != null) {
      t.close();
    }
  }

  @Test
  void darkChosenStaysDarkAfterAReloadAndOnOtherPagesAndSystemFollowsTheDevice() {
    try (BrowserContext context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setColorScheme(ColorScheme.LIGHT))) {
      Page page = signIn(context);
      assertThat(page.locator("html")).hasAttribute("data-theme", "system");
      assertThat(page.locator("body")).hasCSS("background-color", LIGHT_BACKGROUND);

      // On a page with charts: they are drawn again in the new colours, and the date picker turns dark too.
      page.navigate(t.baseUrl() + "/teams/" + t.team() + "/insights/pages");
      assertThat(page.locator("#pages-chart canvas")).hasCount(1);
      page.evaluate("document.querySelector('#pages-chart canvas').classList.add('drawn-light')");
      choose(page, "Dark");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      assertThat(themeButton(page, "Dark")).hasAttribute("aria-pressed", "true");
      assertThat(page.locator("#pages-chart canvas:not(.drawn-light)")).hasCount(1);
      page.navigate(t.baseUrl() + "/me/week");
      assertThat(page.locator("input[type=date]")).hasCSS("color-scheme", "dark");
      // The header still fits a phone.
      page.setViewportSize(390, 844);
      assertThat(((Number) page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
          .as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
      page.setViewportSize(1280, 720);
      page.reload();
      assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      page.navigate(t.baseUrl() + "/services");
      assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      // The server writes the theme into the page: the first paint is dark, before any script runs.
      assertThat(context.request().get(t.baseUrl() + "/oncall").text()).contains("<html lang=\"en\" data-theme=\"dark\">");
      page.navigate(t.baseUrl() + "/no/such/page");
      assertThat(page.locator("h1")).hasText("404");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      page.navigate(t.baseUrl() + "/services");

      choose(page, "System");
      assertThat(page.locator("body")).hasCSS("background-color", LIGHT_BACKGROUND);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      page.reload();
      assertThat(page.locator("html")).hasAttribute("data-theme", "system");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
      assertThat(page.locator("body")).hasCSS("background-color", LIGHT_BACKGROUND);

      // Light on a dark device stays light.
      choose(page, "Light");
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
      page.reload();
      assertThat(page.locator("body")).hasCSS("background-color", LIGHT_BACKGROUND);
    }
  }

  @Test
  void theSwitchWorksWithoutJavaScriptAndReturnsToThePage() {
    try (BrowserContext context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
      Page page = signIn(context);
      page.navigate(t.baseUrl() + "/incidents/" + incident);
      themeButton(page, "Dark").click();
      assertThat(page).hasURL(t.baseUrl() + "/incidents/" + incident);
      assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
      assertThat(themeButton(page, "Dark")).hasAttribute("aria-pressed", "true");
      assertThat(page.locator("body")).hasCSS("background-color", DARK_BACKGROUND);

      // A theme that does not exist is refused, naming the field; the choice stays as it was.
      String csrf = page.locator("form.theme-switch input[name=_csrf]").inputValue();
      APIResponse refused = context.request().post(t.baseUrl() + "/theme",
          RequestOptions.create().setForm(FormData.create().set("_csrf", csrf).set("theme", "purple")).setHeader("Accept", "application/json"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.text()).contains("\"theme\"");
      page.reload();
      assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
    }
  }

  @Test
  void keyColoursMeetAaContrastInBothThemes() {
    for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
      try (BrowserContext context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setColorScheme(scheme))) {
        Page page = signIn(context);
        String theme = scheme.name().toLowerCase();
        assertThat(contrast(page, "#rows .triggered", "color")).as(theme + ": triggered pill on the list").isGreaterThanOrEqualTo(4.5);
        assertThat(contrast(page, "#rows .acknowledged, #rows .resolved, #rows .triggered", "borderTopColor"))
            .as(theme + ": the pill's outline").isGreaterThanOrEqualTo(3);
        assertThat(contrast(page, ".filters select", "borderTopColor")).as(theme + ": a select's border").isGreaterThanOrEqualTo(3);
        assertThat(contrast(page, "th", "color")).as(theme + ": a table's muted header").isGreaterThanOrEqualTo(4.5);

        page.navigate(t.baseUrl() + "/incidents/" + incident);
        assertThat(contrast(page, "#ack", "color")).as(theme + ": the Acknowledge button's text").isGreaterThanOrEqualTo(4.5);
        assertThat(contrast(page, "#ack", "backgroundColor")).as(theme + ": the Acknowledge button against the page").isGreaterThanOrEqualTo(3);
        assertThat(contrast(page, ".badge.triggered, .pill.triggered", "color")).as(theme + ": triggered on the incident")
            .isGreaterThanOrEqualTo(4.5);

        page.navigate(t.baseUrl() + "/teams/" + t.team() + "/insights/pages");
        assertThat(page.locator("#pages-chart canvas")).hasCount(1);
        assertThat(contrast(page, "#pages-chart .u-legend .u-label", "color")).as(theme + ": chart legend").isGreaterThanOrEqualTo(4.5);
        // uPlot paints the axis labels on the canvas in --muted (charts.js): the variable against the chart's background.
        page.evaluate("() => { const s = document.createElement('span'); s.id = 'axis-probe'; s.textContent = '1';"
            + " s.style.color = 'var(--muted)'; document.querySelector('#pages-chart').appendChild(s); }");
        assertThat(contrast(page, "#axis-probe", "color")).as(theme + ": chart axis labels").isGreaterThanOrEqualTo(4.5);
      }
    }
  }

  @Test
  void theFirstTabReachesTheSkipLinkAndTheKeyboardsFocusShowsInBothThemes() {
    for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
      try (BrowserContext context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setColorScheme(scheme))) {
        Page page = signIn(context);
        String theme = scheme.name().toLowerCase();
        page.navigate(t.baseUrl() + "/incidents/" + incident);
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip-link")).isFocused();
        assertThat(page.locator(".skip-link")).isInViewport();
        page.keyboard().press("Enter");
        assertThat(page.locator("main")).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator("main :focus")).hasCount(1);
        assertThat(page.locator(":focus")).hasCSS("outline-style", "solid");
        assertThat(contrast(page, ":focus", "outlineColor")).as(theme + ": the focus ring").isGreaterThanOrEqualTo(3);
        page.locator("#ack").focus();
        page.keyboard().press("Shift+Tab");
        page.keyboard().press("Tab");
        assertThat(page.locator("#ack")).isFocused();
        assertThat(page.locator("#ack")).hasCSS("outline-style", "solid");
        assertThat(contrast(page, "#ack", "outlineColor")).as(theme + ": the Acknowledge button's focus ring").isGreaterThanOrEqualTo(3);
      }
    }
  }

  private static Page signIn(BrowserContext context) {
    Page page = context.newPage();
    page.navigate(t.baseUrl() + "/login");
    page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
    page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
    page.getByLabel("Password").press("Enter");
    assertThat(page.locator("h1")).hasText("Incidents");
    return page;
  }

  private static com.microsoft.playwright.Locator themeButton(Page page, String name) {
    return page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Colour theme"))
        .getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  private static void choose(Page page, String name) {
    themeButton(page, name).click();
    assertThat(page.locator("html")).hasAttribute("data-theme", name.toLowerCase());
  }

  private static double contrast(Page page, String selector, String property) {
    double ratio = ((Number) page.evaluate(CONTRAST, List.of(selector, property))).doubleValue();
    assertThat(ratio).as(selector + " is on the page").isPositive();
    return ratio;
  }
}
