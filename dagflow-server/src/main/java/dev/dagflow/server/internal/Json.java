package dev.dagflow.server.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.store.StorableText;
import io.javalin.json.JavalinJackson3;
import java.util.List;
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

  /**
   * Parses a request body; an empty body is an empty object. A key or string no store holds
   * unchanged (an escaped NUL, a lone surrogate) is a 422 naming its JSON pointer: refused, never
   * altered.
   */
  public JsonNode readTree(String body) {
    if (body == null || body.isBlank()) {
      return mapper.createObjectNode();
    }
    JsonNode tree = mapper.readTree(body);
    List<String> problems = StorableText.problems(tree, "");
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(422, problems);
    }
    return tree;
  }
}
