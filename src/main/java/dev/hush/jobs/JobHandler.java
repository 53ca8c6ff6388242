package dev.hush.jobs;

/** Runs one kind of job. Throwing makes the job retry later with back-off. */
@FunctionalInterface
public interface JobHandler {
  void handle(Job job) throws Exception;
}
