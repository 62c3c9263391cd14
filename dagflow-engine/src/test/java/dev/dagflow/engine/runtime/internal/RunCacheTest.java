package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.NodeRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The node-row cache returns rows only at their exact run version, and stays bounded. */
class RunCacheTest {
  private final UUID run = UUID.randomUUID();

  private static Map<String, NodeRecord> rows(UUID runId, String... ids) {
    Map<String, NodeRecord> out = new HashMap<>();
    for (String id : ids) {
      out.put(id, NodeRecord.pending(runId, id, "noop", id));
    }
    return out;
  }

  @Test
  void rowsAreReturnedOnlyAtTheVersionTheyWereLeftAt() {
    RunCache cache = new RunCache(100);
    Map<String, NodeRecord> v3 = rows(run, "a", "b");
    cache.put(run, 3, v3);

    assertThat(cache.find(run, 3)).isSameAs(v3);
    assertThat(cache.find(run, 2)).isNull();
    assertThat(cache.find(run, 4)).isNull();
    assertThat(cache.find(UUID.randomUUID(), 3)).isNull();
  }

  @Test
  void anOlderVersionNeverReplacesANewerOne() {
    RunCache cache = new RunCache(100);
    Map<String, NodeRecord> v5 = rows(run, "a");
    cache.put(run, 5, v5);
    cache.put(run, 4, rows(run, "a"));

    assertThat(cache.find(run, 5)).isSameAs(v5);
    assertThat(cache.find(run, 4)).isNull();

    Map<String, NodeRecord> v6 = rows(run, "a");
    cache.put(run, 6, v6);
    assertThat(cache.find(run, 6)).isSameAs(v6);
  }

  @Test
  void forgottenRunsAreGoneAndTheBoundClearsEverything() {
    RunCache cache = new RunCache(5);
    UUID other = UUID.randomUUID();
    cache.put(run, 1, rows(run, "a", "b", "c"));
    cache.forget(run);
    assertThat(cache.find(run, 1)).isNull();

    cache.put(run, 1, rows(run, "a", "b", "c"));
    cache.put(other, 1, rows(other, "x", "y", "z")); // 6 rows > 5: everything is dropped first

    assertThat(cache.find(run, 1)).isNull();
    assertThat(cache.find(other, 1)).isNotNull();
  }
}
