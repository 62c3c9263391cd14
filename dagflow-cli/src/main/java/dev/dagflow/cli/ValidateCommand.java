package dev.dagflow.cli;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.error.InvalidDefinitionException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dagflow validate FILE...}: checks workflow files without running them. Prints {@code FILE:
 * ok} for a valid file and one {@code FILE:LINE:COLUMN: message} line per problem otherwise, all on
 * standard output so the lines can be piped to an editor or grep; exits 0 when every file is valid,
 * else 2.
 *
 * <pre>{@code
 * $ dagflow validate examples/*.yaml
 * examples/retries.yaml: ok
 * examples/broken.yaml:7:5: unknown key 'dependson' in node (...); did you mean 'depends_on'?
 * }</pre>
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate workflow definitions (YAML or JSON) without running them.",
      "Prints 'FILE: ok' or one 'FILE:LINE:COLUMN: message' line per problem on standard output;"
          + " exits 0 when every file is valid, 2 otherwise."
    })
public final class ValidateCommand implements Callable<Integer> {
  /** Exit code when any file has a problem. */
  public static final int INVALID = 2;

  @Spec private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow files to check.")
  private List<Path> files;

  @Option(
      names = "--node-type",
      paramLabel = "TYPE",
      description = "Also accept this node type (an executor registered by an embedder).")
  private List<String> extraNodeTypes = List.of();

  @Override
  public Integer call() {
    Set<String> types = new HashSet<>(DefinitionParser.BUILT_IN_NODE_TYPES);
    types.addAll(extraNodeTypes);
    DefinitionParser parser = DefinitionParser.builder().knownNodeTypes(types).build();
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    for (Path file : files) {
      try {
        parser.parse(file);
        out.println(file + ": ok");
      } catch (InvalidDefinitionException e) {
        allValid = false;
        e.problems().forEach(out::println);
      }
    }
    out.flush();
    return allValid ? 0 : INVALID;
  }
}
