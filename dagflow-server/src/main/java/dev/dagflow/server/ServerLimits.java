package dev.dagflow.server;

import java.time.Duration;

/**
 * The bounds a server enforces. Defaults: 1 MiB bodies, the seed route waits 30 s (at most 10 min),
 * readiness pings the database within 2 s, shutdown gives running nodes 30 s, a WebSocket client
 * that has not taken a frame within 10 s is closed (1013), at most 500 items per page.
 *
 * <pre>{@code
 * ServerLimits limits = ServerLimits.builder().maxBodyBytes(256 * 1024).build();
 * }</pre>
 */
public record ServerLimits(
    long maxBodyBytes,
    Duration defaultExecuteTimeout,
    Duration maxExecuteTimeout,
    Duration readinessTimeout,
    Duration shutdownGrace,
    Duration wsSendTimeout,
    Duration wsPollInterval,
    int maxPageSize) {

  public static ServerLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds validated limits. */
  public static final class Builder {
    private long maxBodyBytes = 1024 * 1024;
    private Duration defaultExecuteTimeout = Duration.ofSeconds(30);
    private Duration maxExecuteTimeout = Duration.ofMinutes(10);
    private Duration readinessTimeout = Duration.ofSeconds(2);
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private Duration wsSendTimeout = Duration.ofSeconds(10);
    private Duration wsPollInterval = Duration.ofSeconds(1);
    private int maxPageSize = 500;

    private Builder() {}

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder defaultExecuteTimeout(Duration v) {
      defaultExecuteTimeout = v;
      return this;
    }

    public Builder maxExecuteTimeout(Duration v) {
      maxExecuteTimeout = v;
      return this;
    }

    public Builder readinessTimeout(Duration v) {
      readinessTimeout = v;
      return this;
    }

    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    /** How long one WebSocket frame may wait for a client that does not read. */
    public Builder wsSendTimeout(Duration v) {
      wsSendTimeout = v;
      return this;
    }

    /** How often a WebSocket stream looks for events written by other instances. */
    public Builder wsPollInterval(Duration v) {
      wsPollInterval = v;
      return this;
    }

    public Builder maxPageSize(int v) {
      maxPageSize = v;
      return this;
    }

    public ServerLimits build() {
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      if (maxPageSize < 1) {
        throw new IllegalArgumentException("maxPageSize must be positive");
      }
      for (Duration d :
          new Duration[] {
            defaultExecuteTimeout,
            maxExecuteTimeout,
            readinessTimeout,
            shutdownGrace,
            wsSendTimeout,
            wsPollInterval
          }) {
        if (d == null || d.isNegative()) {
          throw new IllegalArgumentException("durations must be set and not negative");
        }
      }
      return new ServerLimits(
          maxBodyBytes,
          defaultExecuteTimeout,
          maxExecuteTimeout,
          readinessTimeout,
          shutdownGrace,
          wsSendTimeout,
          wsPollInterval,
          maxPageSize);
    }
  }
}
