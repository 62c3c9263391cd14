package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.util.List;

/** A node this instance claimed, with its run and the rows its attempt reads (see Claims). */
public record Claimed(NodeRecord node, RunRecord run, Graph graph, List<NodeRecord> runNodes) {}
