package dev.dagflow.engine.expression.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.dagflow.engine.expression.Expressions.References;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the keys an expression reads from {@code params} and {@code nodes} literally: {@code
 * params.x}, {@code params['x']}, {@code has(nodes.y)}. Computed keys are not known until run time
 * and are not reported.
 */
public final class CelReferences {
  private CelReferences() {}

  public static References of(CelAbstractSyntaxTree ast) {
    Set<String> params = new LinkedHashSet<>();
    Set<String> nodes = new LinkedHashSet<>();
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(CelNavigableExpr::expr)
        .forEach(
            expr ->
                access(expr)
                    .ifPresent(
                        a -> {
                          if (a.variable().equals("params")) {
                            params.add(a.key());
                          } else if (a.variable().equals("nodes")) {
                            nodes.add(a.key());
                          }
                        }));
    return new References(Set.copyOf(params), Set.copyOf(nodes));
  }

  private record Access(String variable, String key) {}

  private static Optional<Access> access(CelExpr expr) {
    switch (expr.exprKind().getKind()) {
      case SELECT -> {
        CelExpr.CelSelect select = expr.select();
        return identName(select.operand()).map(name -> new Access(name, select.field()));
      }
      case CALL -> {
        CelExpr.CelCall call = expr.call();
        List<CelExpr> args = call.args();
        if (!call.function().equals("_[_]") || args.size() != 2) {
          return Optional.empty();
        }
        CelExpr index = args.get(1);
        if (index.exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT
            || index.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
          return Optional.empty();
        }
        String key = index.constant().stringValue();
        return identName(args.get(0)).map(name -> new Access(name, key));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> identName(CelExpr expr) {
    return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
        ? Optional.of(expr.ident().name())
        : Optional.empty();
  }
}
