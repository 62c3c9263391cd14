package dev.dagflow.engine.runtime;

/**
 * Randomisation of retry delays, so that nodes failing together do not retry together (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"). Given the computed delay {@code d} (capped
 * by {@code max_delay}): {@code NONE} waits exactly {@code d}; {@code EQUAL} waits {@code d/2 +
 * random(0, d/2)}; {@code FULL} waits {@code random(0, d)}.
 */
public enum Jitter {
  NONE,
  EQUAL,
  FULL
}
