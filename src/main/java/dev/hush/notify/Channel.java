package dev.hush.notify;

/** Delivers a message through one provider. Throws when the provider did not take it. */
public interface Channel {
  void send(Message message, ContactMethod to) throws Exception;
}
