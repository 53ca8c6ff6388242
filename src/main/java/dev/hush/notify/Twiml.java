package dev.hush.notify;

/** The TwiML documents Hush hands a Twilio-compatible voice API, and the one place their texts are XML-escaped. */
final class Twiml {
  private Twiml() {}

  /** A document of one spoken sentence. */
  static String say(String text) {
    return response("<Say>" + escape(text) + "</Say>");
  }

  /** A document of the given verbs, which must already be escaped. */
  static String response(String verbs) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + verbs + "</Response>";
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          // Control characters are not allowed in XML 1.0; a title can carry them from an alert.
          b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
        }
      }
    }
    return b.toString();
  }
}
