package dev.hush.escalation;

import dev.hush.jobs.JobSpec;

/**
 * One firing of an escalation step: of which incident, in which run (a new one starts when someone
 * escalates by hand or a snooze ends), which round of the policy's repeats, and which step. Run 0 is
 * the one ingest starts, and its keys and payloads are spelled as they were before runs existed, so
 * jobs queued then still run.
 */
record StepJob(long incidentId, int run, int round, int step) {

  static StepJob parse(String payload) {
    String[] p = payload.split(":");
    return new StepJob(Long.parseLong(p[0]), p.length > 3 ? Integer.parseInt(p[3]) : 0, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  String payload() {
    return incidentId + ":" + round + ":" + step + (run == 0 ? "" : ":" + run);
  }

  /** What the pages of this firing are keyed by, so each goes out once however often the step runs. */
  String stepKey() {
    return "inc" + incidentId + runPart() + ":r" + round + ":s" + step;
  }

  JobSpec job(long dueAt) {
    return JobSpec.of(EscalationService.STEP_JOB, payload(), "esc:" + incidentId + runPart() + ":r" + round + ":s" + step, dueAt);
  }

  private String runPart() {
    return run == 0 ? "" : ":n" + run;
  }

  /** Which step of the policy this is, as the timeline says it. */
  String label() {
    return "step " + (step + 1) + (round > 0 ? " (repeat " + round + ")" : "");
  }
}
