package dev.dagflow.engine.definition;

/**
 * A declared run parameter: {@code type} is one of string, number, integer, boolean, object, array;
 * {@code defaultValue} is a plain Java value (String, Number, Boolean, Map, List) or null.
 */
public record ParamSpec(String name, String type, boolean required, Object defaultValue) {}
