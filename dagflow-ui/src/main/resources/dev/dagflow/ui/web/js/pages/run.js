// One run: its DAG on a canvas (positions from the server, colours from the run and then from
// /ws/runs/{id}), the node list, the node panel, the timeline and the run's actions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, routes } from '../api.js';
import { setQuery, useLocation } from '../router.js';
import { DagCanvas } from '../dag-canvas.js';
import { EventFeed } from '../live.js';
import { NODE_EVENT_STATUS, RUN_EVENT_STATUS, advances, isTerminal } from '../status.js';
import { ProblemText, Status, seconds, time } from '../format.js';
import { NodeIndex } from '../node-index.js';
import { NodePanel } from './node-panel.js';
import { Attempts, Timeline } from './timeline.js';

const SNAPSHOT_EVERY_MS = 2000; // re-read the run for panel and timeline details while it runs
const SNAPSHOT_MAX_NODES = 1000; // beyond this, details are re-read only when the run ends

/** Reads a run's whole history into `attempts` (pages of 500 events). */
async function readAttempts(runId, attempts) {
  let after = 0;
  for (;;) {
    const page = await api(`/runs/${runId}/events?after=${after}&limit=500`);
    page.items.forEach((e) => attempts.take(e));
    if (!page.next_cursor) break;
    after = page.next_cursor;
  }
  attempts.complete = true;
}

export function RunPage({ runId }) {
  const { params } = useLocation();
  const selected = params.get('node');
  const [run, setRun] = useState(null);
  const [graph, setGraph] = useState(null);
  const [error, setError] = useState(null);
  const [live, setLive] = useState('connecting');
  const [actionError, setActionError] = useState(null);
  const [, setTick] = useState(0);
  const [painted, setPainted] = useState(false);
  const [canRetry, setCanRetry] = useState(false);
  const state = useRef({ statuses: new Map(), readyAt: new Map(), attempts: new Attempts(), dag: null, index: null, feed: null });
  const canvasRef = useRef();
  const listRef = useRef();

  const applyStatus = (nodeId, status, force) => {
    const s = state.current;
    const current = s.statuses.get(nodeId);
    if (current === status || (!force && !advances(current, status))) return;
    s.statuses.set(nodeId, status);
    if (s.index) s.index.update(nodeId, status);
    if (s.dag) s.dag.invalidate();
  };

  const takeSnapshot = (snapshot, force) => {
    snapshot.nodes.forEach((n) => applyStatus(n.id, n.status, force));
    setRun(snapshot);
  };

  const refresh = async (force) => {
    try {
      takeSnapshot(await api(`/runs/${runId}`), force);
    } catch (e) {
      setError(e);
    }
  };

  // load the run, then its version's graph
  useEffect(() => {
    let stopped = false;
    (async () => {
      const snapshot = await api(`/runs/${runId}`);
      if (stopped) return;
      performance.mark('dagflow:run-loaded');
      takeSnapshot(snapshot, true);
      if (isTerminal(snapshot.status) && snapshot.nodes.length <= SNAPSHOT_MAX_NODES) {
        // a finished run streams nothing: its attempts come from its stored history
        readAttempts(runId, state.current.attempts).then(() => !stopped && setTick((n) => n + 1));
      }
      const g = await api(`/workflows/${encodeURIComponent(snapshot.workflow_id)}/graph?version=${snapshot.workflow_version}`);
      performance.mark('dagflow:graph-loaded');
      if (!stopped) setGraph(g);
    })().catch((e) => !stopped && setError(e));
    return () => {
      stopped = true;
    };
  }, [runId]);

  // draw once the graph is here; follow the run's events while it is not finished
  useEffect(() => {
    if (!graph) return undefined;
    const s = state.current;
    performance.mark('dagflow:graph-effect');
    // the canvas first: measuring it before 5,000 list rows exist keeps that layout cheap
    s.dag = new DagCanvas(canvasRef.current, graph, {
      statusOf: (id) => s.statuses.get(id),
      onSelect: (id) => setQuery({ node: id }),
    });
    s.dag.paint();
    canvasRef.current.parentElement.dataset.ready = 'true';
    performance.mark('dagflow:dag-painted');
    s.index = new NodeIndex(listRef.current, graph.nodes, s.statuses, (id) => setQuery({ node: id }));
    performance.mark('dagflow:index-built');
    // the frame that shows the graph and the list: what "the page is open" means in the UI tests
    requestAnimationFrame(() => performance.mark('dagflow:first-frame'));
    setPainted(true);
    if (selected) {
      s.dag.select(selected);
      s.dag.reveal(selected);
      s.index.select(selected);
    }
    window.dagflow = { feed: null, dag: s.dag, statuses: s.statuses };
    return () => {
      s.dag.destroy();
      s.dag = null;
    };
  }, [graph]);

  const runDone = run ? isTerminal(run.status) && run.status !== 'skipped' : false;
  useEffect(() => {
    if (!graph || !run || runDone || state.current.feed) return undefined;
    const s = state.current;
    let lastSnapshot = Date.now();
    const feed = new EventFeed(`/ws/runs/${runId}`, {
      after: s.lastAfter || 0,
      onState: setLive,
      onEvent: (e) => {
        s.attempts.take(e);
        if (e.node_id && NODE_EVENT_STATUS[e.type]) {
          if (e.type === 'node.ready') s.readyAt.set(e.node_id, e.at);
          applyStatus(e.node_id, NODE_EVENT_STATUS[e.type], false);
        } else if (RUN_EVENT_STATUS[e.type]) {
          const status = RUN_EVENT_STATUS[e.type];
          if (e.type === 'run.retried') refresh(true);
          else if (isTerminal(status)) refresh(false);
          setRun((r) => (r && advances(r.status, status) ? { ...r, status } : r));
        }
        if (graph.nodes.length <= SNAPSHOT_MAX_NODES && Date.now() - lastSnapshot > SNAPSHOT_EVERY_MS) {
          lastSnapshot = Date.now();
          refresh(false);
        }
        // one re-render per frame, however many events the frame brought: replaying a big run's
        // history on open used to render the page (node panel, 300-row timeline) once per event
        if (!s.tickPending) {
          s.tickPending = true;
          requestAnimationFrame(() => {
            s.tickPending = false;
            setTick((n) => n + 1);
          });
        }
      },
    }).start();
    s.feed = feed;
    window.dagflow.feed = feed;
    return undefined;
  }, [graph, runDone]);

  useEffect(() => () => state.current.feed && state.current.feed.stop(), []);
  useEffect(() => {
    routes().then((r) => setCanRetry(r.has('/runs/{run_id}/retry')));
  }, []);

  useEffect(() => {
    const s = state.current;
    if (s.dag) s.dag.select(selected);
    if (s.index) s.index.select(selected);
  }, [selected]);

  const act = async (path, body) => {
    setActionError(null);
    try {
      const updated = await api(`/runs/${runId}/${path}`, { method: 'POST', body: body || {} });
      if (updated && updated.nodes) takeSnapshot(updated, path === 'retry');
      if (path === 'retry' && state.current.feed) {
        // a retried run streams again, from where the finished stream stopped
        state.current.lastAfter = state.current.feed.after;
        state.current.feed = null;
      }
    } catch (e) {
      setActionError(e);
    }
  };

  if (error) return html`<section><h1>Run ${runId}</h1><${ProblemText} error=${error} /></section>`;
  if (!run) return html`<section><h1>Run ${runId}</h1><p class="muted">Loading…</p></section>`;
  const status = run.status;
  const node = selected && run.nodes.find((n) => n.id === selected);
  return html`<section class="run" data-run-id=${run.run_id} data-status=${status}>
    <div class="run-head">
      <h1>Run <code>${run.run_id.slice(0, 8)}</code></h1>
      <${Status} status=${status} />
      <span>of <a href=${`/ui/workflows/${run.workflow_id}`}>${run.workflow_id}</a> v${run.workflow_version}</span>
      <span class="muted">queued ${time(run.queued_at)} · ${seconds(run.duration_seconds)}</span>
      <span class="live" data-state=${live} id="live-state">${runDone ? 'finished' : live}</span>
      <div class="actions">
        ${!runDone && html`<button class="danger" id="cancel-run" onClick=${() => confirm('Cancel this run?') && act('cancel')}>Cancel</button>`}
        ${canRetry && (status === 'failure' || status === 'cancelled') && html`<button id="retry-run" onClick=${() => act('retry')}>Retry</button>`}
      </div>
    </div>
    ${run.error && html`<p class="error">${run.error}</p>`}
    <${ProblemText} error=${actionError} />
    <div class="run-layout">
      <div class="dag" id="dag"><canvas ref=${canvasRef} tabindex="0" aria-label="Workflow graph; arrows pan, + and - zoom, 0 fits"></canvas>
        <span class="hint">${graph ? `${graph.nodes.length} nodes · drag to pan · wheel to zoom` : 'laying out…'}</span></div>
      <aside class="side">
        <label class="muted">Nodes <input id="node-filter" placeholder="filter" onInput=${(e) => state.current.index && state.current.index.filter(e.target.value)} /></label>
        <ul class="node-list" ref=${listRef} aria-label="Nodes"></ul>
        ${node
          ? html`<${NodePanel} run=${run} node=${node} status=${state.current.statuses.get(node.id) || node.status}
              readyAt=${state.current.readyAt.get(node.id)} onDecide=${(approve, comment) =>
                act(`nodes/${encodeURIComponent(node.id)}/${approve ? 'approve' : 'reject'}`, { comment, by: 'ui' })} />`
          : html`<p class="muted">Select a node to see its details.</p>`}
      </aside>
    </div>
    <h2>Timeline</h2>
    ${painted ? html`<${Timeline} run=${run} statuses=${state.current.statuses} attempts=${state.current.attempts} />` : html`<p class="muted">…</p>`}
  </section>`;
}
