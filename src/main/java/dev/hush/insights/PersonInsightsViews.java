package dev.hush.insights;

import dev.hush.core.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The person-side reports as the pages' charts and as CSV. */
public final class PersonInsightsViews {
  private PersonInsightsViews() {}

  /** The local day an instant falls on in a report's zone, as week labels show it. */
  public static LocalDate day(long epochMillis, String zone) {
    return Instant.ofEpochMilli(epochMillis).atZone(ZoneId.of(zone)).toLocalDate();
  }

  /** The team's interruptions per week, one bar series per band, stacked by the chart script. */
  public static String chart(Interruptions r) {
    return chart("bars", r, List.of(series("business hours", r.teamWeeks(), Interruptions.Bands::business),
        series("off hours", r.teamWeeks(), Interruptions.Bands::off), series("sleep hours", r.teamWeeks(), Interruptions.Bands::sleep)));
  }

  /** Each person's interruptions per week, one line each. */
  public static String peopleChart(Interruptions r) {
    return chart("lines", r, r.people().stream().map(p -> series(p.name(), p.weeks(), Interruptions.Bands::total)).toList());
  }

  private static String chart(String kind, Interruptions r, List<Map<String, Object>> series) {
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("kind", kind);
    chart.put("x", r.weekStarts().stream().map(ms -> ms / 1000).toList());
    chart.put("series", series);
    chart.put("marks", List.of());
    return Json.write(chart);
  }

  private static Map<String, Object> series(String label, List<Interruptions.Bands> weeks, ToLongFunction<Interruptions.Bands> band) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("label", label);
    s.put("values", weeks.stream().mapToLong(band).boxed().toList());
    return s;
  }

  /** One row per person and week. */
  public static String csv(Interruptions r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("user_id", "name", "week_start", "business", "off", "sleep", "total"));
    for (Interruptions.Person p : r.people()) {
      for (int i = 0; i < r.weekStarts().size(); i++) {
        Interruptions.Bands b = p.weeks().get(i);
        rows.add(List.of(p.userId(), p.name(), day(r.weekStarts().get(i), r.zone()), b.business(), b.off(), b.sleep(), b.total()));
      }
    }
    return csv(rows);
  }

  /** One row per person who carried load. */
  public static String csv(TeamFairness r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("user_id", "name", "on_call_hours", "sleep_hours", "off_day_hours", "business", "off", "sleep", "load", "heaviest"));
    for (TeamFairness.Load l : r.people()) {
      Interruptions.Bands b = l.interruptions();
      rows.add(List.of(l.userId(), l.name(), l.onCallHours(), l.sleepHours(), l.offDayHours(), b.business(), b.off(), b.sleep(), l.load(),
          r.heaviest().contains(l.userId())));
    }
    return csv(rows);
  }

  /** Who handled each service ({@code handled}), then who mentored whom ({@code mentored}). */
  public static String csv(Expertise r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("kind", "service_id", "service", "service_incidents", "bus_factor_one", "user_id", "name", "acks", "resolves",
        "log_entries", "mentor_id", "mentor", "mentored_items"));
    for (Expertise.ServiceExpertise s : r.services()) {
      if (s.people().isEmpty()) {
        rows.add(List.of("handled", s.serviceId(), s.name(), s.incidents(), s.busFactorOne(), "", "", 0, 0, 0, "", "", ""));
      }
      for (Expertise.Person p : s.people()) {
        rows.add(List.of("handled", s.serviceId(), s.name(), s.incidents(), s.busFactorOne(), p.userId(), p.name(), p.acks(), p.resolves(),
            p.logs(), "", "", ""));
      }
    }
    for (Expertise.Mentoring m : r.mentoring()) {
      rows.add(List.of("mentored", "", "", "", "", m.ownerId(), m.ownerName(), "", "", "", m.mentorId(), m.mentorName(), m.items()));
    }
    return csv(rows);
  }

  private static String csv(List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<Object> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        out.append(i == 0 ? "" : ",").append(cell(String.valueOf(row.get(i))));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  /**
   * RFC 4180 quoting; a name starting like a formula is prefixed with an apostrophe, so a spreadsheet
   * opening the file shows it instead of running it.
   */
  static String cell(String v) {
    String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+") ? "'" + v : v;
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
