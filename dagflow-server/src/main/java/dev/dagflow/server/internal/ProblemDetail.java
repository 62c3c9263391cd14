package dev.dagflow.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, {@code
 * instance}, for validation problems every one of them in {@code errors}, and always the {@code
 * request_id} that the response's {@code X-Request-Id} and the server's log line carry.
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Not Found","status":404,"detail":"workflow not found: x",
 *  "instance":"/workflows/x","request_id":"3f1c…"}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<String> errors,
    @JsonProperty("request_id") String requestId) {

  /** The media type of a problem body. */
  public static final String MEDIA_TYPE = "application/problem+json";
}
