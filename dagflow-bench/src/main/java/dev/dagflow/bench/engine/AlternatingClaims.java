package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.store.ForwardingStore;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bench-only: makes the nodes of a chain ({@code n00001 → n00002 → …}) run on alternating engines,
 * so that every hop after the root crosses from one instance to the other. The engine has no
 * per-instance node-type restriction (any instance claims any ready node), so this sits on each
 * engine's {@link Store} port and narrows only its claims: node {@code n0000i} (i ≥ 2) may be
 * claimed by instance {@code i % 2} alone; the root by either (it starts in the admitting
 * transaction, not through a claim).
 *
 * <p>A claim of named nodes (the engine's fast path for nodes it just made ready) keeps the
 * instance's own; a claim scan ({@code only == null}, what a poll or a {@code NOTIFY} triggers)
 * becomes a claim of the instance's nodes whose predecessor has returned, as the {@link
 * ProbeExecutor} reports in-process: still one statement in the claim's transaction, but one that
 * cannot take the other instance's node. The chain's nodes must hold a template ({@code ${…}}), so
 * that the engine never starts them inside the completing transaction: they are left to a claim,
 * and the completing instance sends a {@code NOTIFY} for them, exactly as for nodes it has no
 * permit for.
 *
 * <pre>{@code
 * AlternatingClaims alt = new AlternatingClaims(10);
 * ProbeExecutor probe = new ProbeExecutor(alt::returned);
 * DurableEngine a = settings.builder(alt.restrict(storeA, 0)).executor(probe)...;
 * }</pre>
 */
final class AlternatingClaims {
  private final int length;
  private final Set<NodeKey> expected = ConcurrentHashMap.newKeySet();

  AlternatingClaims(int length) {
    this.length = length;
  }

  /** The instance (0 or 1) that runs chain node {@code n0000i}; -1 for the root (either). */
  static int instanceOf(String nodeId) {
    int i = index(nodeId);
    return i <= 1 ? -1 : i % 2;
  }

  private static int index(String nodeId) {
    return Integer.parseInt(nodeId.substring(1));
  }

  /** A node returned on some instance: its successor may become ready (the probe's callback). */
  void returned(UUID runId, String nodeId) {
    int i = index(nodeId);
    if (i < length) {
      expected.add(new NodeKey(runId, "n%05d".formatted(i + 1)));
    }
  }

  /** Forgets the successors expected so far (after a warm-up). */
  void clear() {
    expected.clear();
  }

  /** {@code store} as instance {@code instance} (0 or 1) sees it: claiming only its own nodes. */
  Store restrict(Store store, int instance) {
    return new Restricted(store, instance);
  }

  private boolean mayClaim(int instance, NodeKey key) {
    int owner = instanceOf(key.nodeId());
    return owner < 0 || owner == instance;
  }

  @SuppressWarnings("unchecked")
  private List<NodeRecord> claim(StoreSession tx, int instance, Object[] args) {
    Collection<NodeKey> only = (Collection<NodeKey>) args[4];
    List<NodeKey> mine =
        (only == null ? expected : only).stream().filter(k -> mayClaim(instance, k)).toList();
    if (mine.isEmpty()) {
      return List.of();
    }
    List<NodeRecord> claimed =
        tx.claimNodes((String) args[0], (Instant) args[1], (Instant) args[2], (int) args[3], mine);
    // forgotten once claimed for good: a claim rolled back and retried finds them again
    tx.onCommit(() -> claimed.forEach(n -> expected.remove(n.key())));
    return claimed;
  }

  private StoreSession session(StoreSession tx, int instance) {
    return (StoreSession)
        Proxy.newProxyInstance(
            StoreSession.class.getClassLoader(),
            new Class<?>[] {StoreSession.class},
            (proxy, method, args) -> {
              if (method.getName().equals("claimNodes") && args != null && args.length == 5) {
                return claim(tx, instance, args);
              }
              try {
                return method.invoke(tx, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The store with claims narrowed to one instance's nodes; everything else passes through. */
  private final class Restricted extends ForwardingStore {
    private final int instance;

    Restricted(Store delegate, int instance) {
      super(delegate);
      this.instance = instance;
    }

    @Override
    public <T> T transaction(Function<StoreSession, T> work) {
      return super.transaction(tx -> work.apply(session(tx, instance)));
    }
  }
}
