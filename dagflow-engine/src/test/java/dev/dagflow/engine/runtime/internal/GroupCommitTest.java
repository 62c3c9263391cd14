package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  @Test
  void aLoneWriteIsCommittedAtOnceInABatchOfItsOwn() throws Exception {
    GroupCommit<String> commits = new GroupCommit<>(256, batches::add);

    Thread first = Thread.ofVirtual().start(() -> commits.write("a"));
    first.join(TimeUnit.SECONDS.toMillis(5));

    assertThat(first.isAlive()).isFalse();
    assertThat(batches).containsExactly(List.of("a"));
  }

  @Test
  void writesQueuedWhileABatchCommitsShareTheNextBatch() throws Exception {
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<String> commits = new GroupCommit<>(256, blockingOn("first", committing, release));

    Thread first = Thread.ofVirtual().start(() -> commits.write("first"));
    committing.await();
    Thread b = Thread.ofVirtual().start(() -> commits.write("b"));
    Thread c = Thread.ofVirtual().start(() -> commits.write("c"));
    Thread.sleep(200); // both queued behind "first"
    release.countDown();
    for (Thread t : List.of(first, b, c)) {
      t.join();
    }

    assertThat(batches).hasSize(2);
    assertThat(batches.getFirst()).containsExactly("first");
    assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aFailingBatchIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws Exception {
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<String> commits = new GroupCommit<>(256, blockingOn("first", committing, release));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    Thread first = Thread.ofVirtual().start(() -> commits.write("first"));
    committing.await();
    Thread good = Thread.ofVirtual().start(() -> commits.write("good"));
    Thread bad =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    commits.write("bad");
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                });
    Thread.sleep(200); // both queued behind "first": one batch, which fails
    release.countDown();
    for (Thread t : List.of(first, good, bad)) {
      t.join();
    }

    assertThat(batches).containsExactly(List.of("first"), List.of("good"));
    assertThat(failures).extracting(Throwable::getMessage).containsExactly("bad item");
  }

  /** Records batches; holds the one with {@code item} until released; refuses any with "bad". */
  private Consumer<List<String>> blockingOn(
      String item, CountDownLatch committing, CountDownLatch release) {
    return batch -> {
      if (batch.contains(item)) {
        committing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (batch.contains("bad")) {
        throw new IllegalStateException("bad item");
      }
      batches.add(batch);
    };
  }
}
