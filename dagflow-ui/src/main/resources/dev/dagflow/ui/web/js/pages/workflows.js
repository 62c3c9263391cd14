// Registered workflows with their recent success rate and median duration.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { ProblemText, seconds, time } from '../format.js';

const RECENT = 20;

export function WorkflowsPage() {
  const [items, setItems] = useState(null);
  const [stats, setStats] = useState({});
  const [error, setError] = useState(null);
  useEffect(() => {
    (async () => {
      const page = await api('/workflows?limit=200');
      setItems(page.items);
      for (const wf of page.items) {
        api(`/runs${query({ workflow_id: wf.id, limit: RECENT })}`)
          .then((runs) => setStats((s) => ({ ...s, [wf.id]: summarise(runs.items) })))
          .catch(() => {});
      }
    })().catch(setError);
  }, []);
  return html`<section>
    <h1>Workflows</h1>
    <${ProblemText} error=${error} />
    ${items && items.length === 0 && html`<p class="muted">No workflow is registered.</p>`}
    ${items && items.length > 0 && html`<table>
      <thead><tr><th>Workflow</th><th>Version</th><th>Registered</th><th>Recent success</th><th>Median duration</th></tr></thead>
      <tbody>${items.map((wf) => {
        const s = stats[wf.id];
        return html`<tr key=${wf.id} data-workflow-id=${wf.id}>
          <td><a href=${`/ui/workflows/${wf.id}`}>${wf.id}</a></td><td>v${wf.version}</td><td>${time(wf.created_at)}</td>
          <td>${s ? (s.finished ? `${Math.round((100 * s.succeeded) / s.finished)}% of ${s.finished}` : 'no finished run') : '…'}</td>
          <td>${s ? seconds(s.median) : '…'}</td></tr>`;
      })}</tbody></table>`}
  </section>`;
}

function summarise(runs) {
  const finished = runs.filter((r) => ['success', 'failure', 'cancelled'].includes(r.status));
  const durations = finished.map((r) => r.duration_seconds).filter((d) => d !== null).sort((a, b) => a - b);
  return {
    finished: finished.length,
    succeeded: finished.filter((r) => r.status === 'success').length,
    median: durations.length ? durations[Math.floor(durations.length / 2)] : null,
  };
}
