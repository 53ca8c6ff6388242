package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.core.Problem;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.notify.ContactMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "paging", mixinStandardHelpOptions = true, description = "Escalation policies and how people are reached.",
    subcommands = {EscalationCommand.CreatePolicy.class, EscalationCommand.AddMethod.class, EscalationCommand.Test.class})
final class EscalationCommand {

  @Command(name = "policy-create", mixinStandardHelpOptions = true,
      description = "Create an escalation policy and give it to a service. A step is schedule:ID:DELAY_MINUTES or user:EMAIL:DELAY_MINUTES.")
  static final class CreatePolicy implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--service", required = true, description = "service name or id") String service;
    @Option(names = "--repeat", defaultValue = "0") int repeat;
    @Option(names = "--step", required = true, description = "schedule:1:5 or user:dana@example.com:10 (repeatable, in order)") List<String> steps;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        List<EscalationPolicy.Step> parsed = new ArrayList<>();
        for (String s : steps) {
          String[] p = s.split(":");
          if (p.length != 3) {
            throw Problem.invalid("step", "a step is schedule:ID:DELAY or user:EMAIL:DELAY, not '" + s + "'");
          }
          EscalationPolicy.TargetKind kind = EscalationPolicy.TargetKind.parse("step", p[0]);
          long target = kind == EscalationPolicy.TargetKind.USER
              ? hush.people().userByEmail(p[1]).orElseThrow(() -> Problem.invalid("step", "no user " + p[1])).id()
              : Long.parseLong(p[1]);
          parsed.add(new EscalationPolicy.Step(parsed.size(), Integer.parseInt(p[2]), kind, target));
        }
        EscalationPolicy policy = hush.escalation().createPolicy(name, repeat, parsed);
        long serviceId = ServiceCommand.find(hush, service).id();
        hush.escalation().assign(serviceId, policy.id());
        System.out.println("policy " + policy.id() + " now pages for service " + serviceId);
      }
      return 0;
    }
  }

  @Command(name = "method-add", mixinStandardHelpOptions = true, description = "Add a contact method for a person (and, with --after, a rule).")
  static final class AddMethod implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin IncidentCommand.Actor actor;
    @Option(names = "--kind", required = true, description = "email, slack, teams, webhook, ntfy, sms or voice") String kind;
    @Option(names = "--address", required = true) String address;
    @Option(names = "--name") String name;
    @Option(names = "--secret", description = "sms, voice: sid:token; ntfy: access token; webhook: generated when empty") String secret;
    @Option(names = "--after", description = "use it this many minutes into a page") Integer after;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
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
    @Mixin IncidentCommand.Actor actor;
    @Parameters(paramLabel = "METHOD_ID") long methodId;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        System.out.println(hush.notifications().test(actor.resolve(hush).id(), methodId));
      }
      return 0;
    }
  }
}
