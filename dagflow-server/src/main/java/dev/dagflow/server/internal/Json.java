package dev.dagflow.server.internal;

import io.javalin.json.JavalinJackson3;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's one Jackson 3 mapper (ISO-8601 instants), shared by Javalin and the handlers.
 *
 * <pre>{@code
 * String body = json.write(Map.of("ready", true));
 * }</pre>
 */
public final class Json {
  private final JsonMapper mapper;

  public Json() {
    this.mapper = JsonMapper.builder().build();
  }

  public JsonMapper mapper() {
    return mapper;
  }

  /** Javalin's mapper over the same Jackson instance. */
  public JavalinJackson3 javalinMapper() {
    return new JavalinJackson3(mapper, false);
  }

  public String write(Object value) {
    return mapper.writeValueAsString(value);
  }

  /** Parses a request body; an empty body is an empty object. */
  public JsonNode readTree(String body) {
    if (body == null || body.isBlank()) {
      return mapper.createObjectNode();
    }
    return mapper.readTree(body);
  }
}
