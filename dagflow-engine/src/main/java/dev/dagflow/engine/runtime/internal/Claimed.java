package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.util.List;

/** A node this instance claimed, with its run and (when it has dependencies) the run's rows. */
public record Claimed(NodeRecord node, RunRecord run, Graph graph, List<NodeRecord> runNodes) {}
