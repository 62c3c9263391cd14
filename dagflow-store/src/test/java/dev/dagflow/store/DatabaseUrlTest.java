package dev.dagflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void theSeedsPostgresqlFormBecomesAJdbcUrlWithDecodedCredentials() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://dag:p%40ss@db.local:5433/dagflow?sslmode=disable");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/dagflow?sslmode=disable");
    assertThat(url.user()).isEqualTo("dag");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.dialect()).isEqualTo("postgresql");
  }

  @Test
  void thePostgresSchemeAndAUrlWithoutCredentialsOrPortAreAccepted() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://db/dagflow");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/dagflow");
    assertThat(url.user()).isNull();
    assertThat(url.password()).isNull();
  }

  @Test
  void jdbcUrlsPassThroughWithTheirDialect() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://h:5432/d?user=u").dialect())
        .isEqualTo("postgresql");
    assertThat(DatabaseUrl.parse("jdbc:h2:mem:x").dialect()).isEqualTo("h2");
    assertThat(DatabaseUrl.parse("jdbc:h2:mem:x").jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void theEmbeddedFileLivesUnderTheDataDirectory() {
    DatabaseUrl url = DatabaseUrl.h2File(Path.of("/var/lib/dagflow"));

    assertThat(url.jdbcUrl()).startsWith("jdbc:h2:retry:/var/lib/dagflow/dagflow;");
    assertThat(url.inMemory()).isFalse();
    assertThat(DatabaseUrl.h2InMemory().inMemory()).isTrue();
    assertThat(DatabaseUrl.h2InMemory().jdbcUrl())
        .startsWith("jdbc:h2:mem:dagflow-")
        .contains("DB_CLOSE_DELAY=-1");
  }

  @Test
  void embeddedH2FilesWriteEveryCommitBeforeItReturns() {
    assertThat(DatabaseUrl.h2File(Path.of("/var/lib/dagflow")).jdbcUrl())
        .contains(";WRITE_DELAY=0", ";DB_CLOSE_ON_EXIT=FALSE");
    assertThat(DatabaseUrl.parse("jdbc:h2:/srv/d;LOCK_TIMEOUT=5").jdbcUrl())
        .isEqualTo("jdbc:h2:/srv/d;LOCK_TIMEOUT=5;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(DatabaseUrl.parse("jdbc:h2:file:~/d").jdbcUrl())
        .isEqualTo("jdbc:h2:file:~/d;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(DatabaseUrl.parse("jdbc:h2:file:~/d").findH2File()).contains(Path.of("~/d"));
    // the user's own choice stands; in-memory and remote databases have no file of ours
    assertThat(DatabaseUrl.parse("jdbc:h2:/srv/d;write_delay=100;DB_CLOSE_ON_EXIT=TRUE").jdbcUrl())
        .isEqualTo("jdbc:h2:/srv/d;write_delay=100;DB_CLOSE_ON_EXIT=TRUE");
    assertThat(DatabaseUrl.parse("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1").jdbcUrl())
        .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
    assertThat(DatabaseUrl.parse("jdbc:h2:tcp://db:9092/x").jdbcUrl())
        .isEqualTo("jdbc:h2:tcp://db:9092/x");
    assertThat(DatabaseUrl.parse("jdbc:h2:tcp://db:9092/x").findH2File()).isEmpty();
  }

  @Test
  void passwordsNeverShowInTheTextForm() {
    assertThat(DatabaseUrl.parse("postgresql://dag:secret@db:5432/d").toString())
        .doesNotContain("secret")
        .contains("db:5432");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://db/d?user=u&password=secret").toString())
        .doesNotContain("secret");
  }

  @Test
  void anUnknownSchemeIsRejectedWithoutShowingThePassword() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@db/d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported database URL")
        .hasMessageNotContaining("secret");
  }
}
