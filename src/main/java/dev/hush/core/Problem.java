package dev.hush.core;

/**
 * A request the domain refuses, with the HTTP status it maps to and the field at fault.
 * Features throw these; {@code web} turns them into {@code {"error", "detail", "field"}}.
 */
public class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String field;

  public Problem(int status, String error, String field, String detail) {
    super(detail);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  public static Problem invalid(String field, String detail) {
    return new Problem(400, "invalid_request", field, detail);
  }

  public static Problem notFound(String what, String detail) {
    return new Problem(404, "not_found", what, detail);
  }

  public static Problem conflict(String field, String detail) {
    return new Problem(409, "conflict", field, detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", null, detail);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", null, detail);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** The request field at fault, or null when no single field is. */
  public String field() {
    return field;
  }

  public String detail() {
    return getMessage();
  }
}
