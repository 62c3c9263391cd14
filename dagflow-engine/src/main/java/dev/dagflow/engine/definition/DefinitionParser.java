package dev.dagflow.engine.definition;

import dev.dagflow.engine.contract.ContractValidator;
import dev.dagflow.engine.definition.internal.ParamTypes;
import dev.dagflow.engine.definition.internal.WorkflowReader;
import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.engine.error.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses and validates workflow definitions written in YAML or JSON (docs/workflows.md; the format
 * is described in {@code docs/workflows.md}). Every problem is reported at once, each as {@code
 * FILE:LINE:COLUMN: message}. Thread-safe; build one and share it.
 *
 * <pre>{@code
 * DefinitionParser parser = DefinitionParser.builder()
 *     .knownNodeTypes(Set.of("noop", "shell", "my_type"))
 *     .maxNodes(10_000)
 *     .maxBytes(1 << 20)
 *     .build();
 * try {
 *   WorkflowDefinition wf = parser.parse(Files.readString(file), file.toString());
 * } catch (InvalidDefinitionException e) {
 *   e.problems().forEach(System.out::println);   // flow.yaml:12:5: unknown key 'dependson' ...
 * }
 * }</pre>
 */
public final class DefinitionParser {
  /** The node types built into the engine. */
  public static final Set<String> BUILT_IN_NODE_TYPES =
      Set.of("noop", "mock", "shell", "http", "phase", "approval", "workflow");

  /** Default limit on nodes per workflow. */
  public static final int DEFAULT_MAX_NODES = 10_000;

  /** Default limit on the size of one definition: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

  private static final DefinitionParser STANDARD = builder().build();

  private final WorkflowReader reader;

  private DefinitionParser(Builder builder) {
    this.reader =
        new WorkflowReader(
            Set.copyOf(builder.knownNodeTypes),
            BUILT_IN_NODE_TYPES,
            builder.maxNodes,
            builder.maxBytes,
            new ContractValidator());
  }

  /** A parser with the built-in node types and default limits. */
  public static DefinitionParser standard() {
    return STANDARD;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a definition; {@code fileName} prefixes every problem and, ending in {@code .json},
   * marks the text as JSON (so does a leading brace); null reads as {@code definition}. Throws
   * {@link InvalidDefinitionException} with every problem found.
   */
  public WorkflowDefinition parse(String source, String fileName) {
    return reader.read(source, fileName == null ? "definition" : fileName);
  }

  /**
   * Same, also refusing {@code workflow} nodes whose references, followed through {@code subflows},
   * form a cycle or nest deeper than {@link SubflowResolver#MAX_DEPTH}.
   */
  public WorkflowDefinition parse(String source, String fileName, SubflowResolver subflows) {
    return reader.read(source, fileName == null ? "definition" : fileName, subflows);
  }

  /** Reads and parses a file; an unreadable file is a problem at 1:1. */
  public WorkflowDefinition parse(Path file) {
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidDefinitionException(
          List.of(new Problem(file.toString(), 1, 1, "cannot read: " + describe(e))));
    }
    return parse(source, file.toString());
  }

  /**
   * Every way a run's params break the definition's {@code params}: a missing required param, a
   * wrong type, an undeclared param. Problems name the file {@code params}, at 1:1.
   */
  public List<Problem> validateParams(WorkflowDefinition definition, JsonNode params) {
    return ParamTypes.validate(definition, params);
  }

  /** The params to store for a run: a copy with the defaults of absent params filled in. */
  public ObjectNode applyDefaults(WorkflowDefinition definition, JsonNode params) {
    return ParamTypes.applyDefaults(definition, params);
  }

  /**
   * Validates params, then applies defaults: what a submit does. Throws {@link
   * InvalidRequestException} (422) listing every problem.
   */
  public ObjectNode prepareParams(WorkflowDefinition definition, JsonNode params) {
    List<Problem> problems = validateParams(definition, params);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(422, problems.stream().map(Problem::message).toList());
    }
    return applyDefaults(definition, params);
  }

  /** Why a file could not be read, in a few words. */
  public static String describe(Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    return switch (cause) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.charset.CharacterCodingException c -> "not UTF-8 text";
      default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
    };
  }

  /** Configures a {@link DefinitionParser}; limits must be positive. */
  public static final class Builder {
    private Set<String> knownNodeTypes = BUILT_IN_NODE_TYPES;
    private int maxNodes = DEFAULT_MAX_NODES;
    private int maxBytes = DEFAULT_MAX_BYTES;

    private Builder() {}

    /** The node types a definition may use (default: {@link #BUILT_IN_NODE_TYPES}). */
    public Builder knownNodeTypes(Set<String> types) {
      this.knownNodeTypes = Set.copyOf(types);
      return this;
    }

    /** The most nodes one workflow may have (default 10,000). */
    public Builder maxNodes(int maxNodes) {
      this.maxNodes = maxNodes;
      return this;
    }

    /** The largest definition accepted, in bytes of UTF-8 (default 1 MiB). */
    public Builder maxBytes(int maxBytes) {
      this.maxBytes = maxBytes;
      return this;
    }

    public DefinitionParser build() {
      if (maxNodes < 1) {
        throw new IllegalArgumentException("maxNodes must be at least 1, not " + maxNodes);
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
      }
      if (knownNodeTypes.isEmpty()) {
        throw new IllegalArgumentException("knownNodeTypes must not be empty");
      }
      return new DefinitionParser(this);
    }
  }
}
