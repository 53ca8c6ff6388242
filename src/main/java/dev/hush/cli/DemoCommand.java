package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.cli.demo.DemoStream;
import dev.hush.cli.demo.DemoYear;
import dev.hush.cli.demo.MailSink;
import dev.hush.core.SettableClock;
import dev.hush.notify.NotifyService;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve} on a demo store: a year of a team's on-call history, then a live stream of synthetic alerts. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run Hush with a year of demo history and a live stream of synthetic alerts. Sign in as "
        + DemoYear.DEMO_EMAIL + " / " + DemoYear.DEMO_PASSWORD + ".")
final class DemoCommand extends ServeCommand {
  @Option(names = "--alert-every-seconds", defaultValue = "20", description = "mean seconds between synthetic alerts (default: ${DEFAULT-VALUE})")
  int alertEverySeconds;

  @Option(names = "--seed", defaultValue = "" + DemoYear.DEFAULT_SEED,
      description = "seed of the generated year: the same seed tells the same story (default: ${DEFAULT-VALUE})")
  long seed;

  /** Takes the demo's e-mail when no mail server is given: pages are delivered and recorded, and read by nobody. */
  private MailSink sink;

  @Override
  public Integer call() throws Exception {
    try (MailSink mail = new MailSink()) {
      sink = mail;
      generateIntoEmptyStore();
      if (!mailServerGiven()) {
        System.out.println("Demo: pages are e-mailed to a sink that keeps nothing; pass --smtp-host to receive them.");
      }
      return super.call();
    }
  }

  @Override
  HushConfig config() {
    return mailServerGiven() ? super.config() : toSink(super.config());
  }

  private HushConfig toSink(HushConfig c) {
    return c.withDelivery(new NotifyService.Settings("127.0.0.1", sink.port(), c.delivery().mailFrom(), c.delivery().smsBaseUrl(),
        c.delivery().smsFrom()));
  }

  private boolean mailServerGiven() {
    return !"localhost".equals(smtpHost) || smtpPort != 25;
  }

  /**
   * Writes the year on a clock of its own, then closes, so the server starts on the system clock
   * with nothing left due from the past.
   */
  private void generateIntoEmptyStore() {
    Instant now = Instant.now();
    SettableClock clock = new SettableClock(now);
    // The year's pages always go to the sink, even when a mail server is given: nobody wants a year of demo pages.
    try (Hush hush = Hush.open(toSink(super.config()), clock)) {
      if (!DemoYear.storeIsEmpty(hush)) {
        if (hush.people().userByEmail(DemoYear.DEMO_EMAIL).isEmpty()) {
          System.out.println("Demo: this store holds other data; no demo year is written into it.");
        }
        return;
      }
      System.out.println("Demo: writing a year of on-call history (seed " + seed + ")…");
      long started = System.nanoTime();
      DemoYear.Summary s = DemoYear.generate(hush, clock, seed, now, DemoYear.WEEKS);
      System.out.printf(Locale.ROOT, "Demo: %d weeks, %d incidents (%d in the first 4 weeks, %d in the last 4), %d night pages, "
              + "%d log entries, %d action items, %d deploys, in %.1f s%n", s.weeks(), s.incidents(), s.pagesFirstFourWeeks(),
          s.pagesLastFourWeeks(), s.nightPages(), s.logEntries(), s.actionItems(), s.deploys(), (System.nanoTime() - started) / 1e9);
    }
  }

  @Override
  void beforeStart(Hush hush) {
    System.out.println("Demo: sign in as " + DemoYear.DEMO_EMAIL + " / " + DemoYear.DEMO_PASSWORD);
    Thread.ofVirtual().name("hush-demo-alerts").start(() -> DemoStream.run(hush, alertEverySeconds));
  }
}
