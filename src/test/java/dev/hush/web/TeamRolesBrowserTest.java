package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import org.junit.jupiter.api.Test;

/** A manager adds someone to the team as a viewer; the viewer sees the team's service but none of its editing controls. */
class TeamRolesBrowserTest {
  private static void signIn(Page page, TestHush t, String email, String password) {
    page.navigate(t.baseUrl() + "/login");
    page.getByLabel("Email").fill(email);
    page.getByLabel("Password").fill(password);
    page.getByLabel("Password").press("Enter");
  }

  @Test
  void aManagerMakesSomeoneAViewerWhoThenOnlyReads() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE)) {
      t.hush().people().createUser("vic@x.io", "Vic Viewer", "long-enough-pw", false, "UTC", null);
      long service = t.hush().services().create("checkout", "", t.team(), null, false).id();

      try (BrowserContext managerContext = browser.newContext()) {
        Page manager = managerContext.newPage();
        signIn(manager, t, TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD);
        manager.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Teams")).click();
        var team = manager.locator("#team-" + t.team());
        team.getByLabel("person").selectOption(new SelectOption().setLabel("Vic Viewer (vic@x.io)"));
        team.getByLabel("role").selectOption("viewer");
        team.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
            .setName("Add or change role")).click();
        assertThat(manager.locator("#team-" + t.team() + " tbody")).containsText("Vic Viewer");
        assertThat(manager.locator("#team-" + t.team() + " tbody tr", new Page.LocatorOptions().setHasText("Vic Viewer")))
            .containsText("viewer");
      }

      try (BrowserContext viewerContext = browser.newContext()) {
        Page viewer = viewerContext.newPage();
        signIn(viewer, t, "vic@x.io", "long-enough-pw");
        viewer.navigate(t.baseUrl() + "/services");
        assertThat(viewer.locator("table")).containsText("checkout");
        assertThat(viewer.locator("#new-service")).hasCount(0);
        viewer.navigate(t.baseUrl() + "/services/" + service);
        assertThat(viewer.locator("h1")).hasText("checkout");
        assertThat(viewer.locator("#new-key-form")).hasCount(0);
        assertThat(viewer.getByText("Save settings")).hasCount(0);
      }
    }
  }
}
