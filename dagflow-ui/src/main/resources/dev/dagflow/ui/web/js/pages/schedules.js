// Schedules: next and last fire time, the last run, pause / resume / fire now (GET /schedules and
// POST /schedules/{workflow_id}/{schedule_id}/pause|resume|trigger). The navigation shows this page only when the server offers /schedules; a deep link
// to it on a server without them says so instead of failing.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { ProblemText, Status, time } from '../format.js';

export function SchedulesPage() {
  const [items, setItems] = useState(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState(null);
  const load = () => api('/schedules?limit=200')
    .then((p) => setItems(p.items || []))
    .catch((e) => (e.status === 404 || e.status === 405 ? setMissing(true) : setError(e)));
  useEffect(() => {
    load();
  }, []);
  const [fired, setFired] = useState(null);
  const act = (s, verb) => api(`/schedules/${encodeURIComponent(s.workflow_id)}/${encodeURIComponent(s.schedule_id)}/${verb}`, { method: 'POST' })
    .then((answer) => {
      // trigger answers the queued run; pause and resume the schedule
      if (verb === 'trigger') setFired(answer.run_id);
      return load();
    }).catch(setError);
  return html`<section>
    <h1>Schedules</h1>
    <${ProblemText} error=${error} />
    ${fired && html`<p id="schedule-fired">Started run <a href=${`/ui/runs/${fired}`}>${fired.slice(0, 8)}</a>.</p>`}
    ${missing && html`<p class="muted" id="schedules-unavailable">This server does not offer schedules.</p>`}
    ${items && items.length === 0 && html`<p class="muted">No schedule is defined.</p>`}
    ${items && items.length > 0 && html`<table>
      <${ScheduleRows} items=${items} act=${act} />
    </table>`}
  </section>`;
}

/** Rows of schedules with their actions (also on a workflow's page). */
export function ScheduleRows({ items, act }) {
  return html`<thead><tr><th>Workflow</th><th>Schedule</th><th>Cron</th><th>State</th><th>Next fire</th><th>Last fire</th><th>Last run</th><th></th></tr></thead>
      <tbody>${items.map((s) => html`<tr key=${`${s.workflow_id}/${s.schedule_id}`} data-workflow-id=${s.workflow_id} data-schedule-id=${s.schedule_id} data-status=${stateOf(s)}>
        <td><a href=${`/ui/workflows/${s.workflow_id}`}>${s.workflow_id}</a></td><td>${s.schedule_id}</td>
        <td><code>${s.cron}</code> ${s.timezone || ''}</td>
        <td><${Status} status=${stateOf(s)} /></td>
        <td>${s.paused || !s.enabled ? '—' : time(s.next_fire_time)}${s.buffered_fire_time ? html` <span class="muted">(buffered ${time(s.buffered_fire_time)})</span>` : ''}</td>
        <td>${time(s.last_fire_time)}</td>
        <td>${s.last_run_id ? html`<a class="last-run" href=${`/ui/runs/${s.last_run_id}`}>${s.last_run_id.slice(0, 8)}</a>` : '—'}</td>
        <td>${s.paused
          ? html`<button data-action="resume" onClick=${() => act(s, 'resume')}>Resume</button>`
          : html`<button data-action="pause" onClick=${() => act(s, 'pause')}>Pause</button>`}
          ${' '}<button data-action="trigger" onClick=${() => act(s, 'trigger')}>Fire now</button></td></tr>`)}</tbody>`;
}

function stateOf(s) {
  if (!s.enabled) return 'disabled';
  return s.paused ? 'paused' : 'active';
}
