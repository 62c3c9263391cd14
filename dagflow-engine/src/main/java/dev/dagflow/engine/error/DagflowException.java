package dev.dagflow.engine.error;

/**
 * The one unchecked root of every dagflow error. Each subclass names an outcome and carries the
 * HTTP status it maps to, so the API turns any of them into an RFC 9457 problem in one place.
 *
 * <pre>{@code
 * throw new WorkflowNotFoundException("sdlc_parallel");   // -> 404 problem+json
 * }</pre>
 */
public class DagflowException extends RuntimeException {
  private final int httpStatus;

  public DagflowException(int httpStatus, String message) {
    this(httpStatus, message, null);
  }

  public DagflowException(int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status an API answers with when this error reaches it. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A short, stable title for the problem type (RFC 9457 {@code title}). */
  public String title() {
    return switch (httpStatus) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }
}
