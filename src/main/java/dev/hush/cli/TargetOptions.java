package dev.hush.cli;

import dev.hush.notify.AllowedTargets;
import picocli.CommandLine.Option;

/** Outbound targets the operator permits, for every command that adds contact methods or sends. */
final class TargetOptions {
  @Option(names = "--allowed-targets", paramLabel = "LIST", defaultValue = "${env:HUSH_ALLOWED_TARGETS}",
      description = "comma list of CIDRs and host[:port]s that webhook, Slack, Teams and ntfy pages may reach although they are "
          + "loopback, private, link-local or otherwise not public (e.g. 10.1.0.0/16,ntfy.lan:8080; env HUSH_ALLOWED_TARGETS)")
  String allowedTargets;

  AllowedTargets parsed() {
    return AllowedTargets.parse(allowedTargets);
  }
}
