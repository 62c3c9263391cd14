package dev.dagflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The stored form of event data is smaller and reads back as the engine wrote it. */
class EventDataCodecTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "node.succeeded | {\"attempt\":1,\"duration_seconds\":0.25,\"retry_count\":0}",
        "node.failed    | {\"attempt\":3,\"duration_seconds\":1.5,\"retry_count\":2,\"error\":\"boom\"}",
        "node.retrying  | {\"attempt\":2,\"duration_seconds\":0.1,\"retry_count\":1,\"error\":\"x\",\"next_attempt_at\":\"2026-01-01T00:00:00Z\"}",
        "node.succeeded | {\"attempt\":1,\"duration_seconds\":0.2,\"retry_count\":0,\"quality_score\":0.9,\"artifacts\":[{\"type\":\"file\",\"name\":\"a\",\"size_bytes\":1,\"uri\":\"s3://b/a\"}],\"contracts\":[{\"type\":\"json_schema\",\"valid\":true,\"duration_seconds\":0.001}]}",
        "node.started   | {\"attempt\":1,\"queue_wait_seconds\":0.003}",
        "node.waiting   | {\"attempt\":1,\"timeout_at\":\"2026-01-01T00:00:00Z\"}",
        "node.skipped   | {\"reason\":\"dependency failed\"}",
        "run.started    | {\"queue_wait_seconds\":0.01}",
        "run.failed     | {\"duration_seconds\":2.0,\"error\":\"node a failed\"}",
        "run.queued     | {}",
      })
  void everyEngineEventReadsBackAsWrittenFromASmallerForm(String type, String json) {
    JsonNode data = JSON.readTree(json);

    JsonNode stored = EventDataCodec.encode(data);

    assertThat(EventDataCodec.decode(stored)).as(type).isEqualTo(data);
    assertThat(JSON.writeValueAsString(EventDataCodec.decode(stored))).isEqualTo(json);
    if (!data.isEmpty()) {
      assertThat(JSON.writeValueAsString(stored).length()).isLessThan(json.length());
    }
  }

  @Test
  void aRetryCountThatIsNotAttemptMinusOneIsKept() {
    JsonNode data = JSON.readTree("{\"attempt\":2,\"duration_seconds\":0.1,\"retry_count\":0}");

    JsonNode stored = EventDataCodec.encode(data);

    assertThat(stored.has("r")).isTrue();
    assertThat(EventDataCodec.decode(stored)).isEqualTo(data);
  }

  @Test
  void anAttemptWithoutRetryCountReadsBackWithout() {
    JsonNode data = JSON.readTree("{\"attempt\":1}");

    assertThat(EventDataCodec.decode(EventDataCodec.encode(data))).isEqualTo(data);
  }

  @Test
  void rowsWrittenBeforeTheShortFormReadBackUnchanged() {
    JsonNode legacy = JSON.readTree("{\"attempt\":1,\"duration_seconds\":0.2,\"retry_count\":0}");

    assertThat(EventDataCodec.decode(legacy)).isEqualTo(legacy);
  }

  @Test
  void dataWithAKeyThatReadsAsAShortOneIsStoredLong() {
    JsonNode data = JSON.readTree("{\"a\":\"not an attempt\"}");

    assertThat(EventDataCodec.encode(data)).isEqualTo(data);
  }
}
