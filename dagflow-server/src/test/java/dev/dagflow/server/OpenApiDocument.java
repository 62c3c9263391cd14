package dev.dagflow.server;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's OpenAPI description as a test oracle: its routes, and whether a response the server
 * sent is one the description allows (status, content type, and for JSON bodies the schema, checked
 * by networknt's OpenAPI 3.1 dialect against the document's own schemas and {@code $ref}s).
 *
 * <pre>{@code
 * List<String> problems = OpenApiDocument.bundled().check("GET", response);
 * assertThat(problems).isEmpty();
 * }</pre>
 */
final class OpenApiDocument {
  static final String RESOURCE = "/dev/dagflow/server/openapi.yaml";
  private static final String IRI = "https://dagflow.dev/openapi.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options");
  private static volatile OpenApiDocument bundled;

  private final String yaml;
  private final JsonNode root;
  private final SchemaRegistry schemas;
  private final List<Template> templates;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  private record Template(String path, Pattern pattern, int literalChars) {}

  private OpenApiDocument(String yaml) {
    this.yaml = yaml;
    Object tree = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    this.root = JSON.valueToTree(tree);
    String json = JSON.writeValueAsString(root);
    this.schemas =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            b ->
                b.schemas(Map.of(IRI, json))
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    List<Template> list = new ArrayList<>();
    root.path("paths")
        .properties()
        .forEach(
            e -> {
              String path = e.getKey();
              String regex =
                  Pattern.compile("\\{[^/}]+}")
                      .splitAsStream(path)
                      .map(Pattern::quote)
                      .reduce((a, b) -> a + "[^/]+" + b)
                      .orElse("");
              if (path.endsWith("}")) {
                regex += "[^/]+";
              }
              int literal = path.replaceAll("\\{[^/}]+}", "").length();
              list.add(new Template(path, Pattern.compile(regex), literal));
            });
    // a literal segment beats a template: /runs/stats before /runs/{run_id}
    list.sort(Comparator.comparingInt(Template::literalChars).reversed());
    this.templates = List.copyOf(list);
  }

  /** The description the server ships (read from the classpath once). */
  static OpenApiDocument bundled() {
    if (bundled == null) {
      try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
        bundled = new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundled;
  }

  String yaml() {
    return yaml;
  }

  JsonNode root() {
    return root;
  }

  /** Every operation as {@code "METHOD /template"}; operations under {@code /ws/} as {@code WS}. */
  List<String> operations() {
    List<String> ops = new ArrayList<>();
    root.path("paths")
        .properties()
        .forEach(
            e ->
                METHODS.stream()
                    .filter(m -> e.getValue().has(m))
                    .forEach(
                        m ->
                            ops.add(
                                (e.getKey().startsWith("/ws/") ? "WS" : m.toUpperCase())
                                    + " "
                                    + e.getKey())));
    return ops;
  }

  /** The documented path template that {@code path} matches, if any. */
  Optional<String> templateOf(String path) {
    return templates.stream()
        .filter(t -> t.pattern().matcher(path).matches())
        .map(Template::path)
        .findFirst();
  }

  /**
   * Why this response is not one the description allows; empty when it is, or when its path is not
   * documented at all (the route-coverage test is what catches undocumented routes).
   */
  List<String> check(String method, HttpResponse<String> response) {
    URI uri = response.request().uri();
    return check(
        method,
        uri.getRawPath(),
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body());
  }

  /** As {@link #check(String, HttpResponse)}, from the parts of a response. */
  List<String> check(
      String method, String rawPath, int statusCode, String contentTypeHeader, String body) {
    String where = method + " " + rawPath;
    Optional<String> template = templateOf(rawPath);
    if (template.isEmpty()) {
      return List.of();
    }
    JsonNode operation = root.path("paths").path(template.get()).path(method.toLowerCase());
    if (operation.isMissingNode()) {
      return List.of();
    }
    String status = Integer.toString(statusCode);
    JsonNode declared = resolve(operation.path("responses").path(status));
    if (declared.isMissingNode()) {
      return List.of(
          "%s answered %s, which openapi.yaml does not list for %s %s (it lists %s); body: %s"
              .formatted(
                  where,
                  status,
                  method,
                  template.get(),
                  operation.path("responses").propertyNames(),
                  abbreviate(body)));
    }
    String contentType = contentTypeHeader == null ? null : mediaType(contentTypeHeader);
    JsonNode content = declared.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return body.isEmpty()
          ? List.of()
          : List.of(
              "%s %s: openapi.yaml declares no body, got %s"
                  .formatted(where, status, abbreviate(body)));
    }
    if (contentType == null || !content.has(contentType)) {
      return List.of(
          "%s %s: Content-Type %s is not one of %s"
              .formatted(where, status, contentType, content.propertyNames()));
    }
    if (!contentType.endsWith("json")) {
      return List.of();
    }
    String pointer = pointerOf(template.get(), method, status, declared, contentType);
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (RuntimeException e) {
      return List.of("%s %s: body is not JSON: %s".formatted(where, status, e.getMessage()));
    }
    List<Error> errors =
        compiled
            .computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(IRI + p)))
            .validate(json);
    return errors.stream()
        .map(
            e ->
                "%s %s: %s at %s does not match openapi.yaml %s: %s"
                    .formatted(
                        where,
                        status,
                        contentType,
                        e.getInstanceLocation(),
                        pointer,
                        e.getMessage()))
        .toList();
  }

  /** Why {@code value} does not match {@code #/components/schemas/NAME}; empty when it does. */
  List<String> checkSchema(String name, JsonNode value) {
    String pointer = "#/components/schemas/" + name;
    return compiled
        .computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(IRI + p)))
        .validate(value)
        .stream()
        .map(e -> "%s at %s: %s".formatted(name, e.getInstanceLocation(), e.getMessage()))
        .toList();
  }

  /** Where the schema of this response lives in the document, following a response {@code $ref}. */
  private String pointerOf(
      String template, String method, String status, JsonNode declared, String contentType) {
    JsonNode raw = root.path("paths").path(template).path(method.toLowerCase()).path("responses");
    String base;
    if (raw.path(status).has("$ref")) {
      base = raw.path(status).path("$ref").asString().substring(1);
    } else {
      base = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + status;
    }
    return "#" + base + "/content/" + escape(contentType) + "/schema";
  }

  private JsonNode resolve(JsonNode node) {
    if (node.has("$ref")) {
      return root.at(node.path("$ref").asString().substring(1));
    }
    return node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String mediaType(String header) {
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase();
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
