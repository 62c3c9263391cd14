package dev.dagflow.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, {@code
 * instance}, and for validation problems every one of them in {@code errors}.
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Not Found","status":404,"detail":"workflow not found: x",
 *  "instance":"/workflows/x"}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
    String type, String title, int status, String detail, String instance, List<String> errors) {

  /** The media type of a problem body. */
  public static final String MEDIA_TYPE = "application/problem+json";
}
