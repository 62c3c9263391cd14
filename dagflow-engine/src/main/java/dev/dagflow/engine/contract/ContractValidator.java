package dev.dagflow.engine.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks node inputs and outputs against the JSON Schemas (draft 2020-12) of their contracts. Each
 * schema is compiled once and cached by content; schemas must be self-contained (remote {@code
 * $ref}s are not fetched). Thread-safe.
 *
 * <pre>{@code
 * ContractValidator contracts = new ContractValidator();
 * Map<String, Object> schema = Map.of("type", "object", "required", List.of("approved"));
 * ContractResult result = contracts.validate(schema, outputJson);
 * result.valid();   // false when "approved" is missing
 * }</pre>
 */
public final class ContractValidator {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final int MAX_CACHED = 10_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
  private final Map<Map<String, Object>, Schema> compiled = new ConcurrentHashMap<>();
  private volatile Schema metaSchema;

  /** Validates a value against a schema; an uncompilable schema yields an invalid result. */
  public ContractResult validate(Map<String, Object> schema, JsonNode value) {
    long start = System.nanoTime();
    List<String> errors;
    try {
      errors = format(schema(schema).validate(value));
    } catch (SchemaException e) {
      errors = List.of("invalid schema: " + e.getMessage());
    }
    return new ContractResult(errors.isEmpty(), errors, System.nanoTime() - start);
  }

  /**
   * Every reason this schema is not a valid draft 2020-12 JSON Schema: violations of the
   * meta-schema, then errors compiling it (bad {@code $ref}, bad regex). Empty when it is valid.
   */
  public List<String> findProblems(Map<String, Object> schema) {
    List<String> problems =
        new ArrayList<>(format(metaSchema().validate(JSON.valueToTree(schema))));
    if (problems.isEmpty()) {
      try {
        schema(schema);
      } catch (SchemaException e) {
        problems.add(
            e.getCause() instanceof java.io.FileNotFoundException missing
                ? "cannot load "
                    + missing.getMessage()
                    + " (contracts must be self-contained: remote"
                    + " schemas are not fetched)"
                : e.getMessage());
      }
    }
    return problems;
  }

  private Schema schema(Map<String, Object> schema) {
    Schema cached = compiled.get(schema);
    if (cached != null) {
      return cached;
    }
    Schema fresh = registry.getSchema(JSON.<JsonNode>valueToTree(schema));
    fresh.initializeValidators();
    if (compiled.size() >= MAX_CACHED) {
      compiled.clear();
    }
    compiled.put(schema, fresh);
    return fresh;
  }

  private Schema metaSchema() {
    Schema meta = metaSchema;
    if (meta == null) {
      meta = registry.getSchema(SchemaLocation.of(META_SCHEMA));
      meta.initializeValidators();
      metaSchema = meta;
    }
    return meta;
  }

  private static List<String> format(List<Error> errors) {
    return errors.stream().map(ContractValidator::format).toList();
  }

  private static String format(Error error) {
    String path = String.valueOf(error.getInstanceLocation());
    return (path.isEmpty() || path.equals("$") ? "/" : path) + ": " + error.getMessage();
  }
}
