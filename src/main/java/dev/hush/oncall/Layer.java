package dev.hush.oncall;

/** A rotation placed in a schedule. Higher {@code level} wins; a null restriction means always. */
public record Layer(long id, int level, Rotation rotation, Restriction restriction) {}
