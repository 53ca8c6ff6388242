package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Problem;
import dev.hush.escalation.EscalationPolicy.Target;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import dev.hush.escalation.PolicyDraft.DraftStep;
import dev.hush.people.User;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The policy editor's draft: steps added and removed as typed, then saved, or refused beside the step at fault. */
class PolicyDraftTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDraftWithAnAddedAndARemovedStepIsSavedAsTheEditorShowedIt(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      EscalationService escalation = t.hush().escalation();
      User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      long service = t.hush().services().create("checkout", "", t.team(), null, false).id();
      PolicyDraft fresh = escalation.editor(service).draft();
      assertThat(fresh.name()).isEqualTo("checkout");
      assertThat(fresh.steps()).as("a new policy starts with one empty step, not spare rows").hasSize(1);

      PolicyDraft typed = new PolicyDraft("checkout", "1", List.of(new DraftStep("5", "all", List.of("user:" + t.admin().id())),
          new DraftStep("10", "all", List.of("user:" + t.admin().id())), new DraftStep("15", "round_robin",
              List.of("user:" + bo.id(), "user:" + t.admin().id()))), null, null);
      PolicyDraft edited = typed.withoutStep(1).withStepAdded();
      assertThat(edited.steps()).extracting(DraftStep::delay).containsExactly("5", "15", "5");
      assertThatThrownBy(() -> save(escalation, service, edited)).isInstanceOfSatisfying(Problem.class, p -> {
        assertThat(p.field()).isEqualTo("steps[2].targets");
        assertThat(edited.withError(p).targetsError(2)).isEqualTo("step 3 needs 1 to 20 targets");
        assertThat(edited.withError(p).targetsError(1)).isNull();
        assertThat(edited.withError(p).formError()).as("shown beside the step, not atop the form").isNull();
      });
      assertThat(escalation.policyOf(service)).as("a refused draft saves nothing").isEmpty();

      save(escalation, service, edited.withoutStep(2));
      EscalationPolicy saved = escalation.policyOf(service).orElseThrow();
      assertThat(saved.repeatCount()).isEqualTo(1);
      assertThat(saved.steps()).extracting(EscalationPolicy.Step::delayMinutes).containsExactly(5, 15);
      assertThat(saved.steps().get(1).targets()).as("targets keep the order they were ticked in")
          .containsExactly(new Target(TargetKind.USER, bo.id()), new Target(TargetKind.USER, t.admin().id()));
      assertThat(escalation.editor(service).draft().steps()).extracting(DraftStep::targets)
          .containsExactly(List.of("user:" + t.admin().id()), List.of("user:" + bo.id(), "user:" + t.admin().id()));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void whatIsNotEvenANumberIsRefusedBesideItsField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PolicyDraft draft = new PolicyDraft("p", "0", List.of(new DraftStep("5", "all", List.of("user:" + t.admin().id())),
          new DraftStep("soon", "all", List.of("user:" + t.admin().id()))), null, null);
      assertThatThrownBy(draft::request).isInstanceOfSatisfying(Problem.class, p -> {
        assertThat(p.field()).isEqualTo("steps[1].delay_minutes");
        assertThat(draft.withError(p).errorFor("steps[1].delay_minutes")).isEqualTo("step 2: the wait must be a whole number of minutes");
      });
      PolicyDraft none = draft.withoutStep(0).withoutStep(0);
      long service = t.hush().services().create("search", "", t.team(), null, false).id();
      assertThatThrownBy(() -> save(t.hush().escalation(), service, none)).isInstanceOfSatisfying(Problem.class,
          p -> assertThat(none.withError(p).formError()).isEqualTo("a policy needs 1 to 20 steps"));
    }
  }

  private static void save(EscalationService escalation, long service, PolicyDraft draft) {
    PolicyRequest r = draft.request();
    escalation.savePolicyOfService(service, r.name(), r.repeatCount(), r.steps());
  }
}
