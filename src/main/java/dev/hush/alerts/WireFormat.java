package dev.hush.alerts;

/** The wire formats Hush accepts, named as they appear in metrics and stored events. */
public enum WireFormat {
  PAGERDUTY("pagerduty"), PAGERDUTY_CHANGE("pagerduty-change"), ALERTMANAGER("alertmanager"), GENERIC("generic");

  private final String label;

  WireFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
