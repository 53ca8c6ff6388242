package dev.hush.jobs;

import org.jdbi.v3.core.Handle;

/**
 * Runs one kind of job whose effects are database writes. It reads what it needs, then returns
 * the write: that commits in the same transaction as the job's completion, so its effects happen
 * exactly once however often the job is claimed, and jobs finishing together share that commit.
 * Throwing makes the job retry later with back-off.
 */
@FunctionalInterface
public interface TransactionalJobHandler {
  /** The write to commit with the job's completion, or null when there is nothing to write. */
  Write prepare(Job job) throws Exception;

  /** Database work inside the completing transaction; returns what to do once it has committed, or null. */
  @FunctionalInterface
  interface Write {
    Runnable apply(Handle h);
  }
}
