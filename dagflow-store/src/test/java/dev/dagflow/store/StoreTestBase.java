package dev.dagflow.store;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.store.testing.TestStores;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One store per test class on the subclass's database, emptied before each test (opening a store
 * migrates a fresh schema, which costs far more than emptying one). Tests that need their own
 * observers or sinks open a store of their own with {@link #open}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreTestBase {
  /** Real threads: the common pool has a single worker on a 2-core machine, hiding races. */
  static final ExecutorService THREADS = Executors.newCachedThreadPool();

  JdbcStore store;

  abstract JdbcStore open(Consumer<JdbcStoreBuilder> settings);

  @BeforeAll
  void openStore() {
    store = open(b -> {});
  }

  @BeforeEach
  void emptyStore() {
    TestStores.clear(store);
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  RunRecord insert(RunRecord run, NodeRecord... nodes) {
    return insert(store, run, nodes);
  }

  static RunRecord insert(JdbcStore target, RunRecord run, NodeRecord... nodes) {
    target.transaction(
        tx -> {
          tx.insertRun(run, List.of(nodes));
          return null;
        });
    return run;
  }
}
