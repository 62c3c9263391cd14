package dev.dagflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store.PoolStats;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, pinging and closing stores; what does not depend on the dialect's SQL. */
class JdbcStoreTest {

  @Test
  void anUnreachableDatabaseFailsAtOnceWithAStoreExceptionNamingItWithoutThePassword() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                JdbcStore.builder().url("postgresql://dagflow:secret@127.0.0.1:1/dagflow").build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to database")
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void aStoreWithoutAnyDatabaseIsAConfigurationError() {
    assertThatThrownBy(() -> JdbcStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("url, a dataDir or inMemory()");
    assertThatThrownBy(() -> JdbcStore.builder().inMemory().maxPoolSize(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEmbeddedFileKeepsDataAcrossRestarts(@TempDir Path dataDir) {
    try (JdbcStore store = JdbcStore.builder().dataDir(dataDir).build()) {
      store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));
    }
    try (JdbcStore store = JdbcStore.builder().url(null).dataDir(dataDir).build()) {
      assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl")))
          .map(StoredWorkflow::source)
          .contains("a: 1");
      assertThat(store.dialect()).isEqualTo("h2");
    }
    assertThat(dataDir.resolve("dagflow.mv.db")).exists();
  }

  @Test
  void pingAnswersWhileOpenAndNotAfterClose() {
    JdbcStore store = TestStores.h2();

    assertThat(store.ping(Duration.ofSeconds(2))).isTrue();
    store.close();
    assertThat(store.ping(Duration.ofSeconds(2))).isFalse();
  }

  @Test
  void poolStatsCountConnectionsInUseAgainstTheMaximum() {
    try (JdbcStore store = TestStores.h2(b -> b.maxPoolSize(3))) {
      PoolStats inside = store.transaction(tx -> store.poolStats());

      assertThat(inside).isEqualTo(new PoolStats(1, 3));
      assertThat(store.poolStats()).isEqualTo(new PoolStats(0, 3));
    }
  }

  @Test
  void aSecondStoreOnTheSameInMemoryDatabaseSeesTheFirstOnesData() {
    try (JdbcStore first = TestStores.h2()) {
      first.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));
      try (JdbcStore second = TestStores.sameDatabase(first)) {
        assertThat(second.read((StoreSession tx) -> tx.findWorkflow("etl"))).isPresent();
      }
      assertThat(first.read((StoreSession tx) -> tx.findWorkflow("etl"))).isPresent();
    }
  }

  @Test
  void aSecondStoreOnTheSamePostgresSchemaSeesTheFirstOnesData() {
    try (JdbcStore first = TestStores.postgres();
        JdbcStore second = TestStores.sameDatabase(first)) {
      first.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));

      assertThat(second.read((StoreSession tx) -> tx.findWorkflow("etl"))).isPresent();
      assertThat(second.schema()).isEqualTo(first.schema());
      assertThat(second.dialect()).isEqualTo("postgresql");
    }
  }
}
