// Schedules: next fire time, last outcome, pause / resume / fire now (the routes of the API's
// schedules). The navigation shows this page only when the server offers /schedules; a deep link
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
  const act = (s, verb) => api(`/schedules/${encodeURIComponent(s.workflow_id)}/${encodeURIComponent(s.schedule_id)}/${verb}`, { method: 'POST' })
    .then(load).catch(setError);
  return html`<section>
    <h1>Schedules</h1>
    <${ProblemText} error=${error} />
    ${missing && html`<p class="muted" id="schedules-unavailable">This server does not offer schedules.</p>`}
    ${items && items.length === 0 && html`<p class="muted">No schedule is defined.</p>`}
    ${items && items.length > 0 && html`<table>
      <thead><tr><th>Workflow</th><th>Schedule</th><th>Cron</th><th>Next fire</th><th>Last outcome</th><th></th></tr></thead>
      <tbody>${items.map((s) => html`<tr key=${`${s.workflow_id}/${s.schedule_id}`} data-schedule-id=${s.schedule_id} data-status=${s.paused ? 'paused' : 'active'}>
        <td><a href=${`/ui/workflows/${s.workflow_id}`}>${s.workflow_id}</a></td><td>${s.schedule_id}</td>
        <td><code>${s.cron}</code> ${s.timezone || ''}</td><td>${time(s.next_fire_time)}</td>
        <td>${s.last_run_status ? html`<${Status} status=${s.last_run_status} />` : '—'}</td>
        <td>${s.paused
          ? html`<button onClick=${() => act(s, 'resume')}>Resume</button>`
          : html`<button onClick=${() => act(s, 'pause')}>Pause</button>`}
          ${' '}<button onClick=${() => act(s, 'trigger')}>Fire now</button></td></tr>`)}</tbody></table>`}
  </section>`;
}
