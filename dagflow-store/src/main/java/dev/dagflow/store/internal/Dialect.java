package dev.dagflow.store.internal;

/**
 * The few SQL differences between H2 and PostgreSQL; everything else is shared SQL.
 *
 * <pre>{@code
 * Dialect d = Dialect.of("postgresql");
 * d.json();   // CAST(? AS jsonb)
 * }</pre>
 */
public sealed interface Dialect permits H2Dialect, PostgresDialect {

  static Dialect of(String name) {
    return switch (name) {
      case "h2" -> new H2Dialect();
      case "postgresql" -> new PostgresDialect();
      default -> throw new IllegalArgumentException("unknown dialect " + name);
    };
  }

  /** "h2" or "postgresql"; also the migrations folder. */
  String name();

  /** The placeholder for a JSON parameter bound as a string. */
  String json();

  /** The writing transaction's place in the global event order, as an INSERT value. */
  String eventTxn();

  /**
   * Selects that value back from the events table aliased {@code e} as a column named {@code xid}
   * that reads as a decimal string.
   */
  String eventTxnColumn();

  /**
   * Inserts a workflow version {@code (id, version, source, created_at)} unless that key exists (a
   * concurrent save won); the caller reads back.
   */
  String insertWorkflowIfAbsent();

  /** Inserts or replaces a context value {@code (run_id, name, value_json)}. */
  String upsertContext();
}
