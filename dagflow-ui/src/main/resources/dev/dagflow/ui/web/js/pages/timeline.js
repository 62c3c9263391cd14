// A Gantt view of the run: one row per node in start order, one bar per attempt from its start to
// its end (or now), coloured by the attempt's outcome. The run JSON holds only a node's last
// attempt; the attempts come from the run's events (node.started … node.retrying / succeeded /
// failed, each carrying `attempt`), taken live from the run's stream or read once from
// /runs/{id}/events for a finished run.
import { html } from '../html.js';

const MAX_ROWS = 300;
const ENDS = {
  'node.retrying': 'failure',
  'node.succeeded': 'success',
  'node.failed': 'failure',
  'node.cancelled': 'cancelled',
  'node.skipped': 'skipped',
};

/** Each node's attempts, `{attempt, start, end, outcome}`, built from the run's events. */
export class Attempts {
  constructor() {
    this.byNode = new Map();
    this.complete = false; // true once the whole history has been taken
  }

  take(e) {
    if (!e.node_id || !e.data) return;
    const list = this.byNode.get(e.node_id) || [];
    const n = e.data.attempt;
    // the latest with that number: a retried run starts its nodes' attempts over
    let a = list.findLast((x) => x.attempt === n);
    if (e.type === 'node.started') {
      if (!a || a.end) list.push({ attempt: n, start: e.at, end: null, outcome: 'running' });
    } else if (e.type === 'node.waiting') {
      if (a) a.outcome = 'waiting';
    } else if (ENDS[e.type]) {
      if (!a) {
        if (e.type === 'node.skipped' || e.type === 'node.cancelled') return; // never started
        a = { attempt: n, start: e.at, end: null, outcome: 'running' };
        list.push(a);
      }
      a.end = e.at;
      a.outcome = ENDS[e.type];
    } else {
      return;
    }
    this.byNode.set(e.node_id, list);
  }

  of(nodeId) {
    return this.byNode.get(nodeId) || [];
  }
}

const ms = (t) => (t ? new Date(t).getTime() : Date.now());

export function Timeline({ run, statuses, attempts }) {
  const started = run.nodes.filter((n) => n.started_at || attempts.of(n.id).length > 0);
  const firstStart = (n) => (attempts.of(n.id)[0] || {}).start || n.started_at;
  started.sort((a, b) => firstStart(a).localeCompare(firstStart(b)));
  if (started.length === 0) return html`<p class="muted">No node has started yet.</p>`;
  // without its events (not yet read), a node shows its last attempt's span
  const bars = (n) => {
    const known = attempts.of(n.id);
    if (known.length > 0) return known;
    return [{ attempt: n.attempts, start: n.started_at, end: n.finished_at, outcome: statuses.get(n.id) || n.status }];
  };
  const rows = started.slice(0, MAX_ROWS).map((n) => ({ n, bars: bars(n) }));
  const t0 = Math.min(run.started_at ? ms(run.started_at) : Infinity, ...rows.map((r) => ms(r.bars[0].start)));
  const t1 = Math.max(run.finished_at ? ms(run.finished_at) : Date.now(),
    ...rows.map((r) => ms(r.bars[r.bars.length - 1].end)), t0 + 1);
  const span = t1 - t0;
  return html`<div class="gantt" role="list" aria-label="Timeline">
    ${rows.map(({ n, bars: list }) => html`<div class="row" role="listitem" key=${n.id} data-node-id=${n.id}>
      <span class="label" title=${n.id}>${n.id}${list.length > 1 ? ` (${list.length} attempts)` : ''}</span>
      <span class="track">${list.map((a) => {
        const start = ms(a.start);
        const end = ms(a.end);
        const left = ((start - t0) / span) * 100;
        const width = ((end - start) / span) * 100;
        return html`<span class="bar" data-node-id=${n.id} data-attempt=${a.attempt} data-status=${a.outcome}
          style=${`left:${left}%;width:${Math.max(width, 0.2)}%`}
          title=${`${n.id}, attempt ${a.attempt}: ${a.outcome}, ${((end - start) / 1000).toFixed(2)} s`}></span>`;
      })}</span>
    </div>`)}
    ${started.length > MAX_ROWS && html`<p class="muted">The first ${MAX_ROWS} of ${started.length} started nodes.</p>`}
    <p class="muted">${((t1 - t0) / 1000).toFixed(2)} s from the run's start</p>
  </div>`;
}
