package dev.hush.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a person typed into a form that was refused, and why: the page shows the form again with
 * these values and the {@link Problem}'s detail beside the field it names, instead of a bare error
 * page that loses the input. A button that only edits the form (such as "move up") shows it again
 * the same way, with no error. Secrets, passwords and the CSRF token are never echoed back.
 */
public record FormInput(String form, Map<String, List<String>> values, String field, String detail) {
  public static final FormInput NONE = new FormInput("", Map.of(), null, null);

  /** {@code form}: which form on the page was sent (a page may have several). */
  public static FormInput refused(String form, Map<String, List<String>> sent, Problem p) {
    return kept(form, sent).refusedFor(p);
  }

  /** What was typed, to show the form again unsaved (e.g. after a button that only edits the form, such as "move up"). */
  public static FormInput kept(String form, Map<String, List<String>> sent) {
    Map<String, List<String>> kept = sent.entrySet().stream()
        .filter(e -> !e.getKey().equals("_csrf") && !e.getKey().contains("secret") && !e.getKey().contains("password"))
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    return new FormInput(form, kept, null, null);
  }

  /** The same input with one field's values replaced. */
  public FormInput with(String name, List<String> newValues) {
    Map<String, List<String>> changed = new HashMap<>(values);
    changed.put(name, List.copyOf(newValues));
    return new FormInput(form, Map.copyOf(changed), field, detail);
  }

  /** The same input, refused for {@code p}'s reason. */
  public FormInput refusedFor(Problem p) {
    return new FormInput(form, values, p.field(), p.detail());
  }

  /** Every value typed for a field, in the order sent (empty when none). */
  public List<String> values(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Whether this is the input of that form. */
  public boolean of(String formName) {
    return form.equals(formName);
  }

  /** The first value typed for a field, or the fallback when there is none. */
  public String value(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? fallback : v.get(0);
  }

  public String value(String name) {
    return value(name, "");
  }

  /** Whether a checkbox or option with this value was chosen. */
  public boolean chosen(String name, String value) {
    return values.getOrDefault(name, List.of()).contains(value);
  }

  /** The error for this field, or null. */
  public String errorFor(String name) {
    return name.equals(field) ? detail : null;
  }

  /** The error when it names no field of the form's own (shown at the top of the form), or null. */
  public String errorNotOn(String... fields) {
    if (detail == null) {
      return null;
    }
    for (String f : fields) {
      if (f.equals(field)) {
        return null;
      }
    }
    return detail;
  }
}
