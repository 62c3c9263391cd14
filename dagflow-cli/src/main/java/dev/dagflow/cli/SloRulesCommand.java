package dev.dagflow.cli;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.Problem;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.server.slo.SloRuleFiles;
import dev.dagflow.server.slo.SloRules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dagflow slo-rules FILE... [--format prometheus|kubernetes]}: prints the Prometheus rules
 * that the files' {@code slo:} blocks generate (docs/slo.md). Invalid files are reported like
 * {@code validate} does, one {@code FILE:LINE:COLUMN: message} line per problem on standard error,
 * and nothing is printed on standard output; the exit code is then 2.
 *
 * <pre>{@code
 * $ dagflow slo-rules examples/sdlc_parallel.yaml > deploy/prometheus/slo-rules.yml
 * $ dagflow slo-rules --format kubernetes examples/*.yaml | kubectl apply -f -
 * }</pre>
 */
@Command(
    name = "slo-rules",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Prometheus rules generated from the workflows' slo: blocks.",
      "Invalid files: one 'FILE:LINE:COLUMN: message' line per problem on standard error, exit 2."
    })
public final class SloRulesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow files (YAML or JSON).")
  private List<Path> files;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "prometheus",
      description =
          "prometheus (a rule file, the default) or kubernetes (a monitoring.coreos.com/v1"
              + " PrometheusRule).")
  private String format;

  @Option(
      names = "--node-type",
      paramLabel = "TYPE",
      description = "Also accept this node type (an executor registered by an embedder).")
  private List<String> extraNodeTypes = List.of();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Optional<SloRuleFiles.Format> chosen = SloRuleFiles.Format.find(format);
    if (chosen.isEmpty()) {
      err.println("--format must be prometheus or kubernetes, not '" + format + "'");
      err.flush();
      return ValidateCommand.INVALID;
    }
    Set<String> types = new HashSet<>(DefinitionParser.BUILT_IN_NODE_TYPES);
    types.addAll(extraNodeTypes);
    DefinitionParser parser = DefinitionParser.builder().knownNodeTypes(types).build();
    List<WorkflowDefinition> definitions = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    boolean allValid = true;
    for (Path file : files) {
      try {
        WorkflowDefinition definition = parser.parse(file);
        Path first = seen.putIfAbsent(definition.id(), file);
        if (first != null) {
          allValid = false;
          err.println(
              new Problem(
                  file.toString(),
                  1,
                  1,
                  "workflow id '" + definition.id() + "' is already defined in " + first));
        }
        definitions.add(definition);
      } catch (InvalidDefinitionException e) {
        allValid = false;
        e.problems().forEach(err::println);
      }
    }
    err.flush();
    if (!allValid) {
      return ValidateCommand.INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(SloRuleFiles.render(SloRules.groups(definitions), chosen.get()));
    out.flush();
    return 0;
  }
}
