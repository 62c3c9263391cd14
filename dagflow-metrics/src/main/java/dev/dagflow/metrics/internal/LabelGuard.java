package dev.dagflow.metrics.internal;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A cardinality guard and child cache in front of one labelled client_java metric.
 *
 * <p>It holds at most {@code maxLabelSets} label sets. Past the bound, a new label set is recorded
 * on the series whose every label is {@code __overflow__}, and the metric's {@code
 * dag_metric_label_overflow_total{metric}} child is incremented once per such recording.
 *
 * <p>Lookups take the label values as separate arguments and probe an open-addressing table of
 * {@link Child children} without allocating: no varargs array, key object or list per call (the raw
 * client_java {@code labelValues(...)} allocates an array and a list wrapper each time). Readers
 * never lock; a new label set is added under the guard's lock, in place, and a reader that misses
 * it takes the locked path and finds it there.
 *
 * <pre>{@code
 * LabelGuard<CounterDataPoint> guard =
 *     new LabelGuard<>(counter, "dag_workflow_executions_total", 2, 2000, overflowChild);
 * guard.labelValues("sdlc_parallel", "success").inc();
 * }</pre>
 *
 * @param <D> the data point type of the guarded metric
 */
public final class LabelGuard<D extends DataPoint> {

  private final StatefulMetric<D, ?> metric;
  private final String metricName;
  private final int labelCount;
  private final int maxLabelSets;
  private final CounterDataPoint overflowCounter;
  private volatile ChildTable<D> table = new ChildTable<>(16);
  private volatile Child<D> overflowChild;

  public LabelGuard(
      StatefulMetric<D, ?> metric,
      String metricName,
      int labelCount,
      int maxLabelSets,
      CounterDataPoint overflowCounter) {
    if (maxLabelSets < 1) {
      throw new IllegalArgumentException("maxLabelSets must be at least 1, got " + maxLabelSets);
    }
    this.metric = metric;
    this.metricName = metricName;
    this.labelCount = labelCount;
    this.maxLabelSets = maxLabelSets;
    this.overflowCounter = overflowCounter;
  }

  /** The data point of a one-label metric. */
  public D labelValues(String a) {
    return child(a).point();
  }

  /** The data point of a two-label metric. */
  public D labelValues(String a, String b) {
    return child(a, b).point();
  }

  /** The data point of a three-label metric. */
  public D labelValues(String a, String b, String c) {
    return child(a, b, c).point();
  }

  /** The child of a one-label metric. */
  public Child<D> child(String a) {
    Child<D> found = table.find(ChildTable.hash(a), a, null, null, 1);
    return found != null ? found : admit(a);
  }

  /** The child of a two-label metric. */
  public Child<D> child(String a, String b) {
    Child<D> found = table.find(ChildTable.hash(a, b), a, b, null, 2);
    return found != null ? found : admit(a, b);
  }

  /** The child of a three-label metric. */
  public Child<D> child(String a, String b, String c) {
    Child<D> found = table.find(ChildTable.hash(a, b, c), a, b, c, 3);
    return found != null ? found : admit(a, b, c);
  }

  private Child<D> admit(String... values) {
    if (values.length != labelCount) {
      throw new IllegalArgumentException(
          metricName + " takes " + labelCount + " label values, got " + values.length);
    }
    for (String value : values) {
      if (value == null) {
        throw new NullPointerException(metricName + ": label value is null");
      }
    }
    synchronized (this) {
      int hash = Arrays.hashCode(values);
      ChildTable<D> current = table;
      Child<D> found = current.find(hash, values);
      if (found != null) {
        return found;
      }
      if (current.size() >= maxLabelSets) {
        return overflow();
      }
      Child<D> child = new Child<>(values, hash, metric.labelValues(values));
      if (!current.insert(child)) {
        table = current.grownWith(child);
      }
      return child;
    }
  }

  private Child<D> overflow() {
    overflowCounter.inc();
    Child<D> child = overflowChild;
    if (child == null) {
      String[] values = new String[labelCount];
      Arrays.fill(values, "__overflow__");
      child = new Child<>(values, Arrays.hashCode(values), metric.labelValues(values));
      overflowChild = child;
    }
    return child;
  }

  /**
   * Removes every label set whose values match, from this guard and from the metric. A thread
   * holding a child across the removal may record into it once more; that value is not exposed.
   */
  public synchronized void removeIf(Predicate<String[]> matches) {
    ChildTable<D> current = table;
    ChildTable<D> kept = new ChildTable<>(current.capacity());
    for (Child<D> child : current.children()) {
      if (matches.test(child.values())) {
        metric.remove(child.values());
      } else {
        kept.insert(child);
      }
    }
    table = kept;
  }

  /** The number of label sets held, not counting the overflow series. */
  public synchronized int size() {
    return table.size();
  }

  /** The exposed name of the guarded metric (the {@code metric} label of the overflow counter). */
  public String metricName() {
    return metricName;
  }

  /** The underlying client_java metric. */
  public StatefulMetric<D, ?> metric() {
    return metric;
  }
}
