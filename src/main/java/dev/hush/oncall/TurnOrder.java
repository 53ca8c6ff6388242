package dev.hush.oncall;

import dev.hush.core.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The people of a rotation in turn order, as a form edits them one button at a time: move a person
 * up or down, take them out, or add someone at the end. Without JavaScript each button is a round
 * trip, and this is what the server does with it; the page's script does the same in place.
 */
public final class TurnOrder {
  private TurnOrder() {}

  /**
   * The order after {@code action}: {@code up-i}, {@code down-i}, {@code remove-i} (i counts from
   * 0) or {@code add} (appends {@code added}, once). Anything else leaves the order as it is.
   */
  public static List<String> apply(List<String> order, String action, String added) {
    List<String> out = new ArrayList<>(order);
    if (action.equals("add")) {
      if (added != null && !added.isBlank() && !out.contains(added)) {
        out.add(added);
      }
      return out;
    }
    int dash = action.lastIndexOf('-');
    if (dash < 0) {
      return out;
    }
    int i = index(action.substring(dash + 1), out.size());
    switch (action.substring(0, dash)) {
      case "up" -> {
        if (i > 0) {
          out.add(i - 1, out.remove(i));
        }
      }
      case "down" -> {
        if (i + 1 < out.size()) {
          out.add(i + 1, out.remove(i));
        }
      }
      case "remove" -> out.remove(i);
      default -> { }
    }
    return out;
  }

  private static int index(String text, int size) {
    try {
      int i = Integer.parseInt(text);
      if (i >= 0 && i < size) {
        return i;
      }
    } catch (NumberFormatException e) {
      // refused below, naming the field
    }
    throw Problem.invalid("action", "no person at position " + text + " in the turn order");
  }
}
