package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one file, each at the 1-based line and column of a YAML node. */
public final class Problems {
  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  /** Records a problem at the start of this node. */
  public void add(Node at, String message) {
    Mark mark = at == null ? null : at.getStartMark().orElse(null);
    if (mark == null) {
      add(1, 1, message);
    } else {
      add(mark.getLine() + 1, mark.getColumn() + 1, message);
    }
  }

  /** Records a problem at a 1-based line and column. */
  public void add(int line, int column, String message) {
    problems.add(new Problem(file, line, column, message));
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Every distinct problem, ordered by position (stable for problems at the same spot). */
  public List<Problem> sorted() {
    return problems.stream()
        .distinct()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList();
  }
}
