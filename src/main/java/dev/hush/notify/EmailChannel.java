package dev.hush.notify;

import dev.hush.incidents.AlertContent;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** E-mail over SMTP. The ack link in the mail opens a confirm page; only its button acknowledges. */
final class EmailChannel implements Channel {
  private final Session session;
  private final String from;

  EmailChannel(String host, int port, String from) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.writetimeout", "10000");
    this.session = Session.getInstance(props);
    this.from = from;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(from));
    mail.setRecipient(RecipientType.TO, new InternetAddress(to.address()));
    mail.setSubject("[" + m.severity() + "] " + m.service() + ": " + m.title(), "UTF-8");
    mail.setHeader("X-Hush-Incident", String.valueOf(m.incidentId()));
    mail.setText(text(m), "UTF-8");
    Transport.send(mail);
  }

  /** The plain-text page: title, summary, acknowledge link, the alert's links, then its details. */
  static String text(Message m) {
    StringBuilder b = new StringBuilder(m.title()).append("\n\n");
    if (!m.extraSummary().isEmpty()) {
      b.append(m.extraSummary()).append("\n\n");
    }
    b.append("Service: ").append(m.service()).append("\nSeverity: ").append(m.severity()).append("\n\nAcknowledge: ")
        .append(m.ackUrl()).append("\nIncident: ").append(m.incidentUrl()).append("\n");
    for (AlertContent.Link l : m.content().links()) {
      b.append(l.text()).append(": ").append(l.href()).append("\n");
    }
    if (!m.content().details().isEmpty()) {
      b.append("\nDetails\n");
      for (AlertContent.Row r : m.content().details()) {
        b.append(r.key()).append(": ").append(r.nested() ? "\n" + r.value().indent(2) : r.value() + "\n");
      }
    }
    for (AlertContent.Link l : m.content().images()) {
      b.append("Image: ").append(l.href()).append("\n");
    }
    return b.toString();
  }

  void sendText(String to, String subject, String body) throws Exception {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(from));
    mail.setRecipient(RecipientType.TO, new InternetAddress(to));
    mail.setSubject(subject, "UTF-8");
    mail.setText(body, "UTF-8");
    Transport.send(mail);
  }
}
