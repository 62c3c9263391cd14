package dev.dagflow.engine.node;

/**
 * An artifact a node reports. With a {@code path} (relative to the node's work dir, or absolute)
 * the engine measures {@code sizeBytes} from the file and derives {@code name} and {@code uri} when
 * they are null; without one, {@code sizeBytes} is taken as given.
 *
 * <pre>{@code
 * ArtifactRef.ofPath("source_code", "app.jar")
 * new ArtifactRef("doc", "design.md", null, 2048L, null)
 * }</pre>
 */
public record ArtifactRef(String type, String name, String path, Long sizeBytes, String uri) {

  public ArtifactRef {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an artifact needs a type");
    }
  }

  /** An artifact whose size the engine measures from a file. */
  public static ArtifactRef ofPath(String type, String path) {
    return new ArtifactRef(type, null, path, null, null);
  }
}
