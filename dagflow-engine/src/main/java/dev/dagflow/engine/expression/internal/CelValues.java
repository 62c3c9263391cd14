package dev.dagflow.engine.expression.internal;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelUnknownSet;
import dev.dagflow.engine.expression.ExpressionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between plain Java values (String, Long, Double, Boolean, Map, List, null; Jackson nodes
 * too) and the values CEL-Java evaluates with. CEL wants {@code Long} and {@code Double} (an {@code
 * Integer} matches no overload) and {@code NullValue} for null (a Java null in a map reads as an
 * unknown value).
 */
public final class CelValues {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CelValues() {}

  /** The value as CEL evaluates it. */
  public static Object toCel(Object value) {
    return switch (value) {
      case null -> NullValue.NULL_VALUE;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Double d -> d;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
      case BigDecimal b -> b.doubleValue();
      case JsonNode node -> toCel(JSON.convertValue(node, Object.class));
      case MapView view -> view;
      case ListView view -> view;
      case Map<?, ?> map -> new MapView(map);
      case List<?> list -> new ListView(list);
      case Collection<?> collection -> new ListView(List.copyOf(collection));
      case Enum<?> e -> e.name();
      default -> value;
    };
  }

  /**
   * A map seen through {@link #toCel}, converting each value when CEL reads it. An expression
   * usually reads a few keys of large maps (every node's output), so nothing is copied up front.
   */
  private static final class MapView extends AbstractMap<Object, Object> {
    private final Map<?, ?> map;

    MapView(Map<?, ?> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      return map.containsKey(key) ? toCel(map.get(key)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<Object, Object>> iterator() {
          Iterator<? extends Entry<?, ?>> entries = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<Object, Object> next() {
              Entry<?, ?> e = entries.next();
              Object key = e.getKey() instanceof String ? e.getKey() : String.valueOf(e.getKey());
              return new SimpleImmutableEntry<>(key, toCel(e.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
    }
  }

  /** A list seen through {@link #toCel}, converting each element when CEL reads it. */
  private static final class ListView extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;

    ListView(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      return toCel(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }

  /** A CEL result as a plain Java value; {@code expression} names it in errors. */
  public static Object fromCel(Object value, String expression) {
    return switch (value) {
      case null -> null;
      case NullValue n -> null;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Double d -> d;
      case UnsignedLong u ->
          u.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) <= 0
              ? (Object) u.longValue()
              : (Object) u.doubleValue();
      case CelByteString bytes -> Base64.getEncoder().encodeToString(bytes.toByteArray());
      case Duration d ->
          BigDecimal.valueOf(d.getSeconds())
                  .add(BigDecimal.valueOf(d.getNano(), 9))
                  .stripTrailingZeros()
                  .toPlainString()
              + "s";
      case Instant i -> i.toString();
      case Optional<?> o -> fromCel(o.orElse(null), expression);
      case CelUnknownSet u ->
          throw new ExpressionException(
              "expression '" + expression + "' refers to a value that is not set (null in a map)");
      case Map<?, ?> map -> {
        Map<String, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
        map.forEach(
            (k, v) -> copy.put(String.valueOf(fromCel(k, expression)), fromCel(v, expression)));
        yield copy;
      }
      case Collection<?> list -> {
        List<Object> copy = new ArrayList<>(list.size());
        list.forEach(v -> copy.add(fromCel(v, expression)));
        yield copy;
      }
      default -> value.toString();
    };
  }

  /** The JSON text of a plain value: {@code "a"} stays {@code a}, a map becomes JSON. */
  public static String text(Object plain) {
    return plain instanceof String s ? s : JSON.writeValueAsString(plain);
  }
}
