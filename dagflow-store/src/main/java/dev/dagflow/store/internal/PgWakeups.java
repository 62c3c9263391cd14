package dev.dagflow.store.internal;

import dev.dagflow.engine.store.Store.WorkNotice;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups between instances on PostgreSQL with {@code LISTEN/NOTIFY}: an instance that leaves work
 * for others (nodes it made ready but cannot start) calls {@link #notifyWork()}; every other
 * instance on the same schema hears it at once instead of at its next poll. Requests are coalesced:
 * one {@code NOTIFY} goes out at a time, in its own short transaction, never inside the engine's (a
 * {@code NOTIFY} serialises the commits that carry one). Polling stays the fallback: a lost
 * connection only delays wake-ups until the listener reconnects.
 *
 * <p>The payload names the sender (a random id per store, so an instance ignores its own) and, with
 * a {@code :slots} suffix, says that only admission slots changed (a run ended or was queued
 * again): listeners then admit but need not scan for ready nodes. A payload without the suffix
 * (also an older release's) announces nodes.
 *
 * <pre>{@code
 * PgWakeups wakeups = PgWakeups.start(pool, jdbcUrl, props, schema);
 * wakeups.addListener(notice -> scheduler.wake(notice.nodes()));
 * wakeups.notifyWork(true);
 * }</pre>
 */
public final class PgWakeups implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgWakeups.class);
  private static final int LISTEN_WAIT_MILLIS = 500;
  private static final String SLOTS_ONLY = ":slots";

  private final DataSource pool;
  private final String jdbcUrl;
  private final Properties props;
  private final String channel;
  private final String self = UUID.randomUUID().toString();
  private final List<Consumer<WorkNotice>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  // set before pending, taken after it: a request for nodes is never sent as slots only
  private final AtomicBoolean pendingNodes = new AtomicBoolean();
  private volatile boolean open = true;
  private final Thread notifier;
  private final Thread listener;

  private PgWakeups(DataSource pool, String jdbcUrl, Properties props, String schema) {
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
    this.props = props;
    this.channel = "dagflow_work_" + (schema == null ? "default" : schema);
    this.notifier = Thread.ofVirtual().name("dagflow-notify").unstarted(this::notifyLoop);
    this.listener = Thread.ofVirtual().name("dagflow-listen").unstarted(this::listenLoop);
  }

  /** Starts the notifier and the listener ({@code props} carry the user and password). */
  public static PgWakeups start(DataSource pool, String jdbcUrl, Properties props, String schema) {
    PgWakeups w = new PgWakeups(pool, jdbcUrl, props, schema);
    w.notifier.start();
    w.listener.start();
    return w;
  }

  public void addListener(Consumer<WorkNotice> wake) {
    listeners.add(wake);
  }

  /**
   * Asks the other instances to look for work ({@code nodes}: ready nodes and admission; else
   * admission only); returns at once.
   */
  public void notifyWork(boolean nodes) {
    if (nodes) {
      pendingNodes.set(true);
    }
    if (pending.compareAndSet(false, true)) {
      LockSupport.unpark(notifier);
    }
  }

  @Override
  public void close() {
    open = false;
    LockSupport.unpark(notifier);
    listener.interrupt();
  }

  private void notifyLoop() {
    while (open) {
      if (!pending.getAndSet(false)) {
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        continue;
      }
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, channel);
        ps.setString(2, pendingNodes.getAndSet(false) ? self : self + SLOTS_ONLY);
        ps.execute();
      } catch (SQLException e) {
        log.debug("NOTIFY {} failed; other instances poll: {}", channel, e.getMessage());
      }
    }
  }

  private void listenLoop() {
    while (open) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, props);
          Statement s = c.createStatement()) {
        s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        PGConnection pg = c.unwrap(PGConnection.class);
        while (open) {
          PGNotification[] heard = pg.getNotifications(LISTEN_WAIT_MILLIS);
          if (heard != null && heard.length > 0) {
            for (WorkNotice n : fromOthers(heard)) {
              listeners.forEach(l -> l.accept(n));
            }
          }
        }
      } catch (SQLException e) {
        if (open) {
          log.debug("LISTEN {} lost ({}); reconnecting in 1 s", channel, e.getMessage());
          LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
      }
    }
  }

  /** One notice per other sender in {@code heard}: nodes if any of its payloads announced them. */
  private List<WorkNotice> fromOthers(PGNotification[] heard) {
    Map<String, Boolean> bySender = new LinkedHashMap<>();
    for (PGNotification n : heard) {
      String payload = n.getParameter() == null ? "" : n.getParameter();
      boolean slotsOnly = payload.endsWith(SLOTS_ONLY);
      String sender =
          slotsOnly ? payload.substring(0, payload.length() - SLOTS_ONLY.length()) : payload;
      if (!self.equals(sender)) {
        bySender.merge(sender, !slotsOnly, Boolean::logicalOr);
      }
    }
    return bySender.entrySet().stream()
        .map(e -> new WorkNotice(e.getKey().isEmpty() ? null : e.getKey(), e.getValue()))
        .toList();
  }
}
