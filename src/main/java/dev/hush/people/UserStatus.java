package dev.hush.people;

/** A person as the admin page lists them: disabled people stay listed, so they can be enabled again. */
public record UserStatus(User user, Long disabledAt) {
  public boolean disabled() {
    return disabledAt != null;
  }
}
