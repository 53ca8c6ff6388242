package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.incidents.IncidentStatus;
import dev.hush.notify.ChannelKind;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A refused form comes back with what was typed and the error beside the field, never a bare error page. */
class FormErrorsBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  private static void notABareErrorPage(Page page) {
    assertThat(page.locator("header.top")).hasCount(1);
    assertThat(page.locator("body")).not().containsText("Back · Home");
  }

  @Test
  void aRotationWithoutPeopleKeepsWhatWasTyped() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      t.person("bo@hush.test", "Bo Backup", "long-enough-pw", false, "UTC", null);
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall");
      Locator form = page.locator("#new-rotation");
      form.locator("input[name=name]").fill("payments primary");
      form.locator("select[name=kind]").selectOption("daily");
      form.locator("select[name=zone]").selectOption("Asia/Tokyo");
      form.locator("#create-rotation").click();

      notABareErrorPage(page);
      assertThat(page.locator("#new-rotation-error-user_ids")).containsText("at least one person is needed");
      assertThat(form.locator("input[name=name]")).hasValue("payments primary");
      assertThat(form.locator("select[name=zone]")).hasValue("Asia/Tokyo");
      assertThat(form.locator("select[name=kind]")).hasValue("daily");
      assertThat(t.hush().oncall().rotations()).isEmpty();

      form.locator("select[name=add_user]").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Bo Backup"));
      form.locator(".add-person").click();
      form.locator("#create-rotation").click();
      assertThat(page.locator("h1")).hasText("payments primary");
    }
  }

  @Test
  void aNewPersonWithABadTimeZoneOrATakenEmailKeepsWhatWasTypedButThePassword() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/admin/people");
      Locator form = page.locator("#new-user");
      form.locator("input[name=name]").fill("Cy Lee");
      form.locator("input[name=email]").fill("cy@hush.test");
      form.locator("input[name=password]").fill("long-enough-pw");
      form.locator("input[name=time_zone]").fill("Europe/Atlantis");
      form.locator("input[name=admin]").check();
      form.locator("button").click();

      notABareErrorPage(page);
      assertThat(page.locator("#new-user-error-time_zone")).containsText("unknown time zone 'Europe/Atlantis'");
      assertThat(form.locator("input[name=name]")).hasValue("Cy Lee");
      assertThat(form.locator("input[name=email]")).hasValue("cy@hush.test");
      assertThat(form.locator("input[name=time_zone]")).hasValue("Europe/Atlantis");
      assertThat(form.locator("input[name=admin]")).isChecked();
      assertThat(form.locator("input[name=password]")).hasValue("");

      form.locator("input[name=email]").fill(TestHush.ADMIN_EMAIL);
      form.locator("input[name=password]").fill("long-enough-pw");
      form.locator("input[name=time_zone]").fill("Europe/Berlin");
      form.locator("button").click();
      assertThat(page.locator("#new-user-error-email")).containsText("already exists");
      assertThat(form.locator("input[name=name]")).hasValue("Cy Lee");
    }
  }

  @Test
  void aDuplicateServiceNameKeepsTheForm() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      t.serviceWithKey("checkout");
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/services");
      Locator form = page.locator("#new-service");
      form.locator("input[name=name]").fill("checkout");
      form.locator("input[name=description]").fill("the shop's payment step");
      form.locator("select[name=am_grouping]").selectOption("group");
      form.locator("input[name=require_log_on_resolve]").check();
      form.locator("button").click();

      notABareErrorPage(page);
      assertThat(page.locator("#new-service-error-name")).containsText("a service named 'checkout' already exists");
      assertThat(form.locator("input[name=name]")).hasValue("checkout");
      assertThat(form.locator("input[name=description]")).hasValue("the shop's payment step");
      assertThat(form.locator("select[name=am_grouping]")).hasValue("group");
      assertThat(form.locator("input[name=require_log_on_resolve]")).isChecked();
    }
  }

  @Test
  void aBadPhoneNumberAndARepeatTestSayWhatIsWrongBesideTheField() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/settings/notifications");
      Locator form = page.locator("#new-method");
      form.locator("select[name=kind]").selectOption("sms");
      form.locator("input[name=name]").fill("my phone");
      form.locator("input[name=address]").fill("0170 1234");
      form.locator("input[name=secret]").fill("AC1:tok");
      form.locator("input[name=delay_minutes]").fill("5");
      form.locator("button").click();

      notABareErrorPage(page);
      assertThat(page.locator("#new-method-error-address")).containsText("a phone number in international form");
      assertThat(form.locator("select[name=kind]")).hasValue("sms");
      assertThat(form.locator("input[name=name]")).hasValue("my phone");
      assertThat(form.locator("input[name=address]")).hasValue("0170 1234");
      assertThat(form.locator("input[name=delay_minutes]")).hasValue("5");
      // A secret is never sent back.
      assertThat(form.locator("input[name=secret]")).hasValue("");
      assertThat(t.hush().notifications().contactMethods(t.admin().id())).isEmpty();

      long id = t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.EMAIL, "work", "ada@hush.test", "").id();
      page.navigate(t.baseUrl() + "/settings/notifications");
      page.locator("form[action='/settings/notifications/methods/" + id + "/test'] button").click();
      page.locator("form[action='/settings/notifications/methods/" + id + "/test'] button").click();
      notABareErrorPage(page);
      assertThat(page.locator("#test-" + id + "-error-contact_method")).containsText("you sent a test message less than");
      assertThat(page.locator("#methods")).containsText("ada@hush.test");
    }
  }

  @Test
  void resolvingBeforeTheRequiredLogGoesToTheLogForm() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      long service = t.hush().services().create("db", "", t.team(), null, true).id();
      long id = t.trigger(t.hush().services().createKey(service, "k").secret(), "d1", "Disk full");
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/incidents/" + id);
      page.locator("#resolve").click();

      notABareErrorPage(page);
      assertThat(page).hasURL(Pattern.compile(".*/incidents/" + id + "\\?resolve=needs-log#log-form$"));
      assertThat(page.locator("#log-required")).containsText("db asks for an on-call log entry before resolving");
      assertThat(page.locator("#status")).hasText("triggered");

      page.locator("#log-form select[name=action]").selectOption("restarted");
      page.locator("#log-form input[value='actionable']").check();
      page.locator("#save-log").click();
      assertThat(page.locator("#log-required")).hasCount(0);
      page.locator("#resolve").click();
      assertThat(page.locator("#status")).hasText("resolved");
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.RESOLVED);
    }
  }
}
