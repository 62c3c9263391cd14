package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PgCpuTest {
  private static final PgCpu.ProcessId SERVER = new PgCpu.ProcessId(10, 1);
  private static final PgCpu.ProcessId BACKEND = new PgCpu.ProcessId(11, 5);

  @Test
  void newProcessesCountFromZeroAndVanishedOnesCountNothing() {
    PgCpu.Snapshot before =
        new PgCpu.Snapshot(Map.of(SERVER, 100L, BACKEND, 50L, new PgCpu.ProcessId(12, 7), 30L));
    // 12 ended; 13 started; 11's pid was not reused
    PgCpu.Snapshot after =
        new PgCpu.Snapshot(Map.of(SERVER, 103L, BACKEND, 60L, new PgCpu.ProcessId(13, 9), 4L));

    PgCpu.Usage u =
        PgCpu.between(Optional.of(before), Optional.of(after), Set.of(11, 13)).orElseThrow();

    assertThat(u.nanos()).isEqualTo((3 + 10 + 4) * PgCpu.TICK_NANOS);
    assertThat(u.ownNanos()).isEqualTo((10 + 4) * PgCpu.TICK_NANOS);
    assertThat(u.processes()).isEqualTo(3);
    assertThat(u.ownProcesses()).isEqualTo(2);
  }

  @Test
  void aReusedPidIsANewProcess() {
    PgCpu.Snapshot before = new PgCpu.Snapshot(Map.of(new PgCpu.ProcessId(20, 1), 500L));
    PgCpu.Snapshot after = new PgCpu.Snapshot(Map.of(new PgCpu.ProcessId(20, 2), 7L));

    PgCpu.Usage u = PgCpu.between(Optional.of(before), Optional.of(after), null).orElseThrow();

    assertThat(u.nanos()).isEqualTo(7 * PgCpu.TICK_NANOS);
    assertThat(u.ownNanos()).isEqualTo(-1);
  }

  @Test
  void withoutASnapshotThereIsNoFigure() {
    assertThat(PgCpu.between(Optional.empty(), PgCpu.snapshot(), null)).isEmpty();
  }
}
