package dev.hush.incidents;

import dev.hush.people.Principal;

/**
 * The first-run checklist that stands in for an empty incidents page: a service with an
 * integration key, a rotation, a contact method of your own, and a first alert received. Each step
 * is ticked once done; the checklist goes away when all are.
 */
public record FirstRun(boolean serviceWithKey, boolean rotation, boolean contactMethod, boolean alertReceived) {

  public boolean done() {
    return serviceWithKey && rotation && contactMethod && alertReceived;
  }

  /** Reads the steps for a person; the app wires it from the features that own each step. */
  @FunctionalInterface
  public interface Steps {
    FirstRun of(Principal p);
  }
}
