package dev.dagflow.metrics;

import java.util.Optional;

/**
 * One scrape's response: the body, its {@code Content-Type}, and whether it is gzip-encoded.
 *
 * <pre>{@code
 * Exposition out = exposition.write(ctx.header("Accept"), ctx.header("Accept-Encoding"));
 * ctx.contentType(out.contentType());
 * out.contentEncoding().ifPresent(encoding -> ctx.header("Content-Encoding", encoding));
 * ctx.result(out.body());
 * }</pre>
 *
 * @param body the (possibly gzip-compressed) bytes
 * @param contentType the {@code Content-Type} of the uncompressed format
 * @param gzip whether {@code body} is gzip-compressed
 */
public record Exposition(byte[] body, String contentType, boolean gzip) {

  /** {@code gzip} when the body is compressed; empty for identity. */
  public Optional<String> contentEncoding() {
    return gzip ? Optional.of("gzip") : Optional.empty();
  }
}
