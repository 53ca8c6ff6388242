package dev.hush.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.core.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The turn order's buttons as the server applies them when JavaScript is off. */
class TurnOrderTest {
  private static final List<String> ABC = List.of("1", "2", "3");

  @Test
  void upDownRemoveAndAddMoveOnePersonAtATime() {
    assertThat(TurnOrder.apply(ABC, "up-2", null)).containsExactly("1", "3", "2");
    assertThat(TurnOrder.apply(ABC, "down-0", null)).containsExactly("2", "1", "3");
    assertThat(TurnOrder.apply(ABC, "up-0", null)).as("the first stays first").containsExactly("1", "2", "3");
    assertThat(TurnOrder.apply(ABC, "down-2", null)).as("the last stays last").containsExactly("1", "2", "3");
    assertThat(TurnOrder.apply(ABC, "remove-1", null)).containsExactly("1", "3");
    assertThat(TurnOrder.apply(ABC, "add", "4")).containsExactly("1", "2", "3", "4");
    assertThat(TurnOrder.apply(ABC, "add", "2")).as("nobody twice").containsExactly("1", "2", "3");
    assertThat(TurnOrder.apply(ABC, "preview", null)).containsExactly("1", "2", "3");
  }

  @Test
  void aPositionThatIsNotThereIsRefusedNamingTheField() {
    assertThatThrownBy(() -> TurnOrder.apply(ABC, "up-7", null)).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.field()).isEqualTo("action"));
    assertThatThrownBy(() -> TurnOrder.apply(ABC, "down-x", null)).isInstanceOf(Problem.class);
  }
}
