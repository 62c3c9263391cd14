// Runs, newest first: filters and the page cursor live in the URL; rows refresh while shown.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { navigate, setQuery, useLocation } from '../router.js';
import { ProblemText, Status, seconds, time } from '../format.js';

const STATUSES = ['', 'queued', 'running', 'success', 'failure', 'cancelled'];
// Rows follow the runs through a light re-read of the page shown (the API's global event stream
// is cursor-based; a list only needs its own rows fresh, and a re-read survives any proxy).
const REFRESH_MS = 1500;

export function RunsPage() {
  const { params } = useLocation();
  const filters = {
    workflow_id: params.get('workflow_id') || '',
    status: params.get('status') || '',
    cursor: params.get('cursor') || '',
  };
  const key = JSON.stringify(filters);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    const load = async () => {
      try {
        const data = await api(`/runs${query({ ...filters, limit: 50 })}`);
        if (!stopped) {
          setPage(data);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(e);
      }
      if (!stopped) timer = setTimeout(load, document.hidden ? REFRESH_MS * 4 : REFRESH_MS);
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key]);

  const onFilter = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setQuery({ workflow_id: f.get('workflow_id').trim(), status: f.get('status'), cursor: '' });
  };

  return html`<section>
    <h1>Runs</h1>
    <form class="filters" onSubmit=${onFilter} key=${key}>
      <label>Workflow<input name="workflow_id" id="filter-workflow" value=${filters.workflow_id} placeholder="any" /></label>
      <label>Status<select name="status" id="filter-status" value=${filters.status}>
        ${STATUSES.map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
      </select></label>
      <button type="submit" id="filter-apply">Filter</button>
    </form>
    <${ProblemText} error=${error} />
    ${page && html`<${RunTable} runs=${page.items} />`}
    <div class="pager">
      ${filters.cursor && html`<button onClick=${() => setQuery({ cursor: '' })}>First page</button>`}
      ${page && page.next_cursor && html`<button id="next-page" onClick=${() => {
        const url = new URL(location.href);
        url.searchParams.set('cursor', page.next_cursor);
        navigate(url.pathname + url.search);
      }}>Next page</button>`}
    </div>
  </section>`;
}

export function RunTable({ runs }) {
  if (runs.length === 0) return html`<p class="muted" id="no-runs">No runs.</p>`;
  return html`<table class="runs">
    <thead><tr><th>Run</th><th>Workflow</th><th>Status</th><th>Queued</th><th>Duration</th></tr></thead>
    <tbody>${runs.map((r) => html`<tr key=${r.run_id} data-run-id=${r.run_id} data-status=${r.status}>
      <td><a href=${`/ui/runs/${r.run_id}`}>${r.run_id.slice(0, 8)}</a></td>
      <td><a href=${`/ui/workflows/${r.workflow_id}`}>${r.workflow_id}</a> <span class="muted">v${r.workflow_version}</span></td>
      <td><${Status} status=${r.status} /></td>
      <td>${time(r.queued_at)}</td>
      <td>${seconds(r.duration_seconds)}</td>
    </tr>`)}</tbody>
  </table>`;
}
