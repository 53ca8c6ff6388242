package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.people.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person's own profile, and an admin's page for one person: edit, disable, reset the password. */
class PeopleSettingsBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  @Test
  void aPersonRenamesThemselfAndPicksTheirTimeZoneFromAList() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/settings");
      Locator form = page.locator("#profile");
      assertThat(form.locator("select[name=time_zone]")).hasValue("Europe/Berlin");
      assertThat(form.locator("select[name=time_zone] option[value='Asia/Kolkata']")).hasCount(1);

      form.locator("input[name=name]").fill("   ");
      form.locator("select[name=time_zone]").selectOption("Asia/Kolkata");
      form.locator("input[name=name]").evaluate("el => el.removeAttribute('required')");
      form.locator("button").click();
      assertThat(page.locator("#profile-error-name")).containsText("name is required");
      assertThat(form.locator("select[name=time_zone]")).hasValue("Asia/Kolkata");

      form.locator("input[name=name]").fill("Ada Lovelace");
      form.locator("button").click();
      assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Profile saved")))
          .isVisible();
      assertThat(page.locator("header.top")).containsText("Ada Lovelace");
      assertThat(page.locator("p.meta")).containsText("Asia/Kolkata");
      assertThat(t.hush().people().user(t.admin().id()).orElseThrow().timeZone()).isEqualTo("Asia/Kolkata");
    }
  }

  @Test
  void anAdminEditsAPersonThenDisablesThemAndTheyCannotSignIn() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      User cy = t.person("cy@hush.test", "Cy", "long-enough-pw", false, "UTC", null);
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/admin/people");
      page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Cy").setExact(true)).click();
      Locator form = page.locator("#edit-user");
      form.locator("input[name=name]").fill("Cy Lee");
      form.locator("select[name=time_zone]").selectOption("America/Sao_Paulo");
      form.locator("input[name=admin]").check();
      form.locator("button").click();
      assertThat(page.locator("h1")).hasText("Cy Lee");
      assertThat(page.locator("p.meta")).containsText("America/Sao_Paulo");
      assertThat(page.locator("p.meta")).containsText("admin");

      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable")).click();
      assertThat(page.locator("p.meta")).containsText("disabled");
      assertThat(t.hush().people().user(cy.id())).isEmpty();
      try (var other = chromium.browser().newContext(); Page cyPage = other.newPage()) {
        cyPage.navigate(t.baseUrl() + "/login");
        cyPage.getByLabel("Email").fill("cy@hush.test");
        cyPage.getByLabel("Password").fill("long-enough-pw");
        cyPage.getByLabel("Password").press("Enter");
        assertThat(cyPage.locator("body")).containsText("wrong");
        assertThat(cyPage).hasURL(java.util.regex.Pattern.compile("/login"));
      }

      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable")).click();
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset password")).click();
      String oneTime = page.locator("#one-time-password").textContent().trim();
      try (var other = chromium.browser().newContext(); Page cyPage = other.newPage()) {
        cyPage.navigate(t.baseUrl() + "/login");
        cyPage.getByLabel("Email").fill("cy@hush.test");
        cyPage.getByLabel("Password").fill(oneTime);
        cyPage.getByLabel("Password").press("Enter");
        assertThat(cyPage.locator("#must-change")).isVisible();
      }
    }
  }
}
