package dev.dagflow.metrics.internal;

import io.prometheus.metrics.core.datapoints.DataPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing (linear probing) table of {@link Child children}, kept at most half full.
 * Lookups are lock-free and allocation-free; {@link #insert} is called under the owner's lock and
 * only ever fills an empty slot, so a concurrent reader sees either nothing or a complete child
 * (its fields are final).
 *
 * <pre>{@code
 * ChildTable<CounterDataPoint> table = new ChildTable<>(16);
 * Child<CounterDataPoint> child = table.find(ChildTable.hash("a", "b"), "a", "b", null, 2);
 * }</pre>
 *
 * @param <D> the data point type
 */
final class ChildTable<D extends DataPoint> {

  private final Child<D>[] slots;
  private final int mask;
  private int size;

  @SuppressWarnings("unchecked")
  ChildTable(int capacity) {
    int powerOfTwo = Math.max(16, Integer.highestOneBit(capacity - 1) << 1);
    this.slots = (Child<D>[]) new Child<?>[powerOfTwo];
    this.mask = powerOfTwo - 1;
  }

  // The same values as Arrays.hashCode(new String[] {...}), without the array.
  static int hash(String a) {
    return 31 + a.hashCode();
  }

  static int hash(String a, String b) {
    return 31 * hash(a) + b.hashCode();
  }

  static int hash(String a, String b, String c) {
    return 31 * hash(a, b) + c.hashCode();
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  Child<D> find(int hash, String a, String b, String c, int count) {
    Child<D>[] table = slots;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      Child<D> child = table[i];
      if (child == null) {
        return null;
      }
      if (child.hash() == hash && child.matches(a, b, c, count)) {
        return child;
      }
    }
  }

  Child<D> find(int hash, String[] values) {
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      Child<D> child = slots[i];
      if (child == null) {
        return null;
      }
      if (child.hash() == hash && Arrays.equals(child.values(), values)) {
        return child;
      }
    }
  }

  /** Adds {@code child} unless that would make the table more than half full. */
  boolean insert(Child<D> child) {
    if ((size + 1) * 2 > slots.length) {
      return false;
    }
    int i = spread(child.hash()) & mask;
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = child;
    size++;
    return true;
  }

  /** A table twice as large holding every child of this one and {@code child}. */
  ChildTable<D> grownWith(Child<D> child) {
    ChildTable<D> grown = new ChildTable<>(slots.length * 2);
    for (Child<D> existing : children()) {
      grown.insert(existing);
    }
    grown.insert(child);
    return grown;
  }

  List<Child<D>> children() {
    List<Child<D>> children = new ArrayList<>(size);
    for (Child<D> child : slots) {
      if (child != null) {
        children.add(child);
      }
    }
    return children;
  }

  int size() {
    return size;
  }

  int capacity() {
    return slots.length;
  }
}
