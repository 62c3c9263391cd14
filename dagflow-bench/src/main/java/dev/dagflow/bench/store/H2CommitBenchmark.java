package dev.dagflow.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a durable commit costs on the embedded H2 file: one small transaction (an event-sized row
 * inserted, then committed) with H2's default 500 ms write delay (commits buffered in memory) and
 * with {@code WRITE_DELAY=0}, which dagflow uses so that a commit is in the file before the API
 * answers (docs/engine.md, "Durability"). Both run in the same JVM, so their ratio holds on a noisy
 * machine.
 *
 * <pre>{@code
 * java -jar dagflow-bench/target/dagflow-bench.jar H2CommitBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class H2CommitBenchmark {
  @Param({"500", "0"})
  public int writeDelayMillis;

  private Path dir;
  private Connection connection;
  private PreparedStatement insert;
  private long id;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("h2-commit");
    connection =
        DriverManager.getConnection(
            "jdbc:h2:" + dir.resolve("db") + ";WRITE_DELAY=" + writeDelayMillis);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, type VARCHAR, data VARCHAR)");
    }
    connection.setAutoCommit(false);
    insert = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?)");
  }

  @Benchmark
  public void insertAndCommit() throws SQLException {
    insert.setLong(1, ++id);
    insert.setString(2, "node.succeeded");
    insert.setString(3, "{\"attempt\":1,\"duration_seconds\":0.001}");
    insert.executeUpdate();
    connection.commit();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException, IOException {
    connection.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
