package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.server.ApiTokens.Scope;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

  @Test
  void parsesOneEntryPerLineWithScopes() {
    ApiTokens tokens = ApiTokens.parse("# ci\nci-bot:read,write\n\nprom:metrics\n");

    assertThat(tokens.scopesOf("ci-bot")).contains(java.util.Set.of(Scope.READ, Scope.WRITE));
    assertThat(tokens.scopesOf("prom")).contains(java.util.Set.of(Scope.METRICS));
  }

  @Test
  void parsesEntriesSeparatedBySemicolonsAsInTheEnvironmentVariable() {
    ApiTokens tokens = ApiTokens.parse("a:read;b:write");

    assertThat(tokens.scopesOf("a")).contains(java.util.Set.of(Scope.READ));
    assertThat(tokens.scopesOf("b")).contains(java.util.Set.of(Scope.READ, Scope.WRITE));
  }

  @Test
  void writeImpliesRead() {
    assertThat(ApiTokens.parse("w:write").scopesOf("w").orElseThrow()).contains(Scope.READ);
  }

  @Test
  void unknownTokenHasNoScopes() {
    assertThat(ApiTokens.parse("a:read").scopesOf("b")).isEmpty();
  }

  @Test
  void rejectsUnknownScopesAndEntriesWithoutScopes() {
    assertThatThrownBy(() -> ApiTokens.parse("a:admin\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1: unknown scope 'admin'")
        .hasMessageContaining("line 2: expected TOKEN:SCOPE");
  }

  @Test
  void noneIsEmpty() {
    assertThat(ApiTokens.none().isEmpty()).isTrue();
    assertThat(ApiTokens.parse("# nothing\n").isEmpty()).isTrue();
  }
}
