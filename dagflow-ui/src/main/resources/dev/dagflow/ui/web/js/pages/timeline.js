// A Gantt view of the run: one bar per node from its start to its end (or now), in start order.
import { html } from '../html.js';

const MAX_ROWS = 300;

export function Timeline({ run, statuses }) {
  const started = run.nodes.filter((n) => n.started_at).sort((a, b) => a.started_at.localeCompare(b.started_at));
  if (started.length === 0) return html`<p class="muted">No node has started yet.</p>`;
  const t0 = new Date(run.started_at || started[0].started_at).getTime();
  const ends = started.map((n) => (n.finished_at ? new Date(n.finished_at).getTime() : Date.now()));
  const t1 = Math.max(run.finished_at ? new Date(run.finished_at).getTime() : Date.now(), ...ends, t0 + 1);
  const span = t1 - t0;
  const rows = started.slice(0, MAX_ROWS);
  return html`<div class="gantt" role="list" aria-label="Timeline">
    ${rows.map((n, i) => {
      const start = new Date(n.started_at).getTime();
      const left = ((start - t0) / span) * 100;
      const width = ((ends[i] - start) / span) * 100;
      const status = statuses.get(n.id) || n.status;
      return html`<div class="row" role="listitem" key=${n.id}>
        <span class="label" title=${n.id}>${n.id}${n.attempts > 1 ? ` (${n.attempts} attempts)` : ''}</span>
        <span class="track"><span class="bar" data-node-id=${n.id} data-status=${status}
          style=${`left:${left}%;width:${Math.max(width, 0.2)}%`} title=${`${n.id}: ${(ends[i] - start) / 1000} s`}></span></span>
      </div>`;
    })}
    ${started.length > MAX_ROWS && html`<p class="muted">The first ${MAX_ROWS} of ${started.length} started nodes.</p>`}
    <p class="muted">${((t1 - t0) / 1000).toFixed(2)} s from the run's start</p>
  </div>`;
}
