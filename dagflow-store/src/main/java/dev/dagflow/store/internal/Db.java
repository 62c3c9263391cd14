package dev.dagflow.store.internal;

import java.sql.Connection;

/** What a table's queries need: the session's connection, the executor and the dialect. */
record Db(Connection connection, SqlExecutor sql, Dialect dialect) {}
