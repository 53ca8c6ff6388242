package dev.hush.anomalies;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alerting rule's expression read as a simple comparison {@code EXPR op N} ({@code op} one of
 * {@code > >= < <=}, N a number), the shape whose threshold can be varied: EXPR holds no other
 * comparison, {@code and}, {@code or}, {@code unless} or {@code bool} outside brackets and strings.
 */
record RuleExpression(String left, String operator, double threshold) {
  private static final Pattern TAIL = Pattern.compile("(>=|<=|>|<)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$");
  private static final Pattern SET_OPERATOR = Pattern.compile("\\b(and|or|unless|bool)\\b", Pattern.CASE_INSENSITIVE);

  static Optional<RuleExpression> parse(String expression) {
    Matcher m = TAIL.matcher(expression);
    if (!m.find()) {
      return Optional.empty();
    }
    String left = expression.substring(0, m.start()).strip();
    if (left.isEmpty() || !simple(left)) {
      return Optional.empty();
    }
    return Optional.of(new RuleExpression(left, m.group(1), Double.parseDouble(m.group(2))));
  }

  /** Whether the operator holds for a value against a threshold. */
  boolean holds(double value, double against) {
    return switch (operator) {
      case ">" -> value > against;
      case ">=" -> value >= against;
      case "<" -> value < against;
      default -> value <= against;
    };
  }

  /** Whether a stricter threshold is larger ({@code >}, {@code >=}) or smaller. */
  boolean upward() {
    return operator.startsWith(">");
  }

  /** The expression with another threshold. */
  String with(double threshold) {
    return left + " " + operator + " " + RuleReplay.number(threshold);
  }

  /** No comparison or set operator outside brackets and strings. */
  private static boolean simple(String left) {
    int depth = 0;
    char quote = 0;
    StringBuilder top = new StringBuilder();
    for (int i = 0; i < left.length(); i++) {
      char c = left.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '"', '\'', '`' -> quote = c;
        case '(', '{', '[' -> depth++;
        case ')', '}', ']' -> depth--;
        default -> {
          if (depth == 0) {
            top.append(c);
          }
        }
      }
      if (depth < 0) {
        return false;
      }
    }
    String outside = top.toString();
    return depth == 0 && quote == 0 && !outside.contains(">") && !outside.contains("<") && !outside.contains("==") && !outside.contains("!=")
        && !SET_OPERATOR.matcher(outside).find();
  }
}
