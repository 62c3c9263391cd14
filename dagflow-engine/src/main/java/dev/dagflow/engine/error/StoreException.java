package dev.dagflow.engine.error;

/** The database failed or could not be reached; wraps the SQL error at the store boundary (503). */
public final class StoreException extends DagflowException {
  public StoreException(String message, Throwable cause) {
    super(503, message, cause);
  }
}
