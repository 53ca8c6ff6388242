package dev.hush.people.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.core.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {
  @Test
  void groupRolesReadAsGroupEqualsTeamColonRole() {
    assertThat(OidcSettings.parseGroupRoles("sre-oncall=Payments:responder,sre-leads=Payments:manager, /org/viewers = Web Shop : viewer"))
        .containsExactly(new OidcSettings.GroupRole("sre-oncall", "Payments", "responder"),
            new OidcSettings.GroupRole("sre-leads", "Payments", "manager"),
            new OidcSettings.GroupRole("/org/viewers", "Web Shop", "viewer"));
    assertThat(OidcSettings.parseGroupRoles("")).isEmpty();
  }

  @Test
  void aBadSettingIsRefusedNamingIt() {
    assertThatThrownBy(() -> OidcSettings.parseGroupRoles("sre=Payments:admin"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("HUSH_OIDC_GROUP_ROLES"))
        .hasMessageContaining("viewer, responder, manager");
    assertThatThrownBy(() -> OidcSettings.parseGroupRoles("sre-Payments-manager"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("HUSH_OIDC_GROUP_ROLES"));
    assertThatThrownBy(() -> OidcSettings.parse("https://sso.example.com", null, "s", null, null, null, null))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("HUSH_OIDC_CLIENT_ID"));
    assertThatThrownBy(() -> OidcSettings.parse("https://sso.example.com", "hush", " ", null, null, null, null))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("HUSH_OIDC_CLIENT_SECRET"));
    assertThatThrownBy(() -> OidcSettings.parse("sso.example.com", "hush", "s", null, null, null, null))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("HUSH_OIDC_ISSUER"));
  }

  @Test
  void defaultsAndNoIssuerMeansOff() {
    assertThat(OidcSettings.parse(" ", "ignored", null, null, null, null, "not even parsed")).isEqualTo(OidcSettings.NONE);
    OidcSettings s = OidcSettings.parse("https://sso.example.com/realms/ops", "hush", "s3cret", null, "email groups", null, null);
    assertThat(s.providerName()).isEqualTo("sso.example.com");
    assertThat(s.scopes()).isEqualTo("openid email groups");
    assertThat(s.groupsClaim()).isEqualTo("groups");
    assertThat(s.groupRoles()).isEqualTo(List.of());
    assertThat(s.toString()).doesNotContain("s3cret");
  }
}
