package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.core.Problem;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.notify.ContactMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "paging", mixinStandardHelpOptions = true, description = "Escalation policies and how people are reached.",
    subcommands = {EscalationCommand.CreatePolicy.class, EscalationCommand.ShowPolicy.class, EscalationCommand.AddMethod.class,
        EscalationCommand.Test.class})
final class EscalationCommand {
  /** A step's targets are joined by '+'; a '+' inside an e-mail address is not a separator. */
  private static final Pattern TARGET_SEPARATOR = Pattern.compile("\\+(?=(schedule|user|channel):)");
  private static final String ROUND_ROBIN_PREFIX = "round-robin:";

  @Command(name = "policy-create", mixinStandardHelpOptions = true,
      description = "Create an escalation policy and give it to a service. Each --step pages its targets, then waits its delay.")
  static final class CreatePolicy implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--service", required = true, description = "service name or id") String service;
    @Option(names = "--repeat", defaultValue = "0", description = "start over this many times after the last step") int repeat;
    @Option(names = "--step", required = true, paramLabel = "[round-robin:]TARGET[+TARGET…]:DELAY_MINUTES",
        description = {"A step, repeatable, in order. TARGET is schedule:ID_OR_NAME (whoever is on call in it), user:EMAIL, or"
            + " channel:CONTACT_METHOD_ID (e.g. a team's Slack room). Several targets joined by '+' are paged all at once;"
            + " with the round-robin: prefix one of them in turn per incident.",
            "Examples: schedule:1:5, 'schedule:Primary+user:dana@example.com:5', 'round-robin:user:a@example.com+user:b@example.com:10'"})
    List<String> steps;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        List<EscalationPolicy.Step> parsed = new ArrayList<>();
        for (String s : steps) {
          parsed.add(parseStep(hush, parsed.size(), s));
        }
        long serviceId = ServiceCommand.find(hush, service).id();
        EscalationPolicy policy = hush.escalation().createPolicy(ServiceCommand.find(hush, service).teamId(), name, repeat, parsed);
        hush.escalation().assign(serviceId, policy.id());
        System.out.println("policy " + policy.id() + " now pages for service " + serviceId + ": " + hush.escalation().named(policy).inWords());
      }
      return 0;
    }
  }

  /** {@code [round-robin:]kind:value[+kind:value…]:delay}, with people by e-mail and schedules by id or name. */
  static EscalationPolicy.Step parseStep(Hush hush, int position, String spec) {
    String rest = spec;
    EscalationPolicy.Mode mode = EscalationPolicy.Mode.ALL;
    if (rest.startsWith(ROUND_ROBIN_PREFIX)) {
      mode = EscalationPolicy.Mode.ROUND_ROBIN;
      rest = rest.substring(ROUND_ROBIN_PREFIX.length());
    }
    int lastColon = rest.lastIndexOf(':');
    String delay = lastColon < 0 ? "" : rest.substring(lastColon + 1);
    if (!delay.matches("[0-9]{1,4}")) {
      throw Problem.invalid("step", "a step is [round-robin:]TARGET[+TARGET…]:DELAY_MINUTES, e.g. schedule:1:5, not '" + spec + "'");
    }
    List<EscalationPolicy.Target> targets = new ArrayList<>();
    for (String t : TARGET_SEPARATOR.split(rest.substring(0, lastColon))) {
      int colon = t.indexOf(':');
      if (colon < 0) {
        throw Problem.invalid("step", "a target is schedule:ID_OR_NAME, user:EMAIL or channel:ID, not '" + t + "'");
      }
      EscalationPolicy.TargetKind kind = EscalationPolicy.TargetKind.parse("step", t.substring(0, colon));
      String value = t.substring(colon + 1);
      long id = switch (kind) {
        case USER -> hush.people().userByEmail(value).orElseThrow(() -> Problem.invalid("step", "no user " + value)).id();
        case SCHEDULE -> value.matches("[0-9]+") ? Long.parseLong(value)
            : hush.oncall().scheduleNamed(value).orElseThrow(() -> Problem.invalid("step", "no schedule named '" + value + "'")).id();
        case CHANNEL -> {
          if (!value.matches("[0-9]+")) {
            throw Problem.invalid("step", "a channel is the id of a contact method, not '" + value + "'");
          }
          yield Long.parseLong(value);
        }
      };
      targets.add(new EscalationPolicy.Target(kind, id));
    }
    return new EscalationPolicy.Step(position, Integer.parseInt(delay), mode, targets);
  }

  @Command(name = "policy-show", mixinStandardHelpOptions = true, description = "Print a service's escalation policy in words.")
  static final class ShowPolicy implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--service", required = true, description = "service name or id") String service;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        var s = ServiceCommand.find(hush, service);
        var policy = hush.escalation().policyOf(s.id()).map(hush.escalation()::named).orElse(null);
        if (policy == null) {
          System.out.println(s.name() + " has no escalation policy: its alerts open incidents but page nobody.");
        } else {
          System.out.println(s.name() + " uses policy " + policy.id() + " (" + policy.name() + ")");
          System.out.println(policy.inWords());
        }
      }
      return 0;
    }
  }

  @Command(name = "method-add", mixinStandardHelpOptions = true, description = "Add a contact method for a person (and, with --after, a rule).")
  static final class AddMethod implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin TargetOptions targets;
    @Mixin IncidentCommand.Actor actor;
    @Option(names = "--kind", required = true, description = "email, slack, teams, webhook, ntfy, sms or voice") String kind;
    @Option(names = "--address", required = true) String address;
    @Option(names = "--name") String name;
    @Option(names = "--secret", description = "sms, voice: sid:token; ntfy: access token; webhook: generated when empty") String secret;
    @Option(names = "--after", description = "use it this many minutes into a page") Integer after;

    @Override
    public Integer call() {
      try (Hush hush = store.open(targets.parsed())) {
        long user = actor.resolve(hush).id();
        ContactMethod m = hush.notifications().addContactMethod(user, ChannelKind.parse("kind", kind), name, address, secret);
        if (after != null) {
          hush.notifications().addRule(user, m.id(), after);
        }
        System.out.println("contact method " + m.id() + (m.kind() == ChannelKind.WEBHOOK ? " (signing secret, shown once: " + m.secret() + ")" : ""));
      }
      return 0;
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true, description = "Send a test message to one of a person's contact methods.")
  static final class Test implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin TargetOptions targets;
    @Mixin IncidentCommand.Actor actor;
    @Parameters(paramLabel = "METHOD_ID") long methodId;

    @Override
    public Integer call() {
      try (Hush hush = store.open(targets.parsed())) {
        System.out.println(hush.notifications().test(actor.resolve(hush).id(), methodId));
      }
      return 0;
    }
  }
}
