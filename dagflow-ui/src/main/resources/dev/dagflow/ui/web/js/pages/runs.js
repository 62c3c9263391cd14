// Runs, newest first: filters and the page cursor live in the URL. The rows follow the global
// stream of run events (/ws/events?type=run.*, resumed from the last cursor after a reconnect):
// a run queued that matches the filters appears at the top of the first page, and run events
// recolour their rows.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { EventFeed } from '../live.js';
import { navigate, setQuery, useLocation } from '../router.js';
import { ProblemText, Status, seconds, time } from '../format.js';

const STATUSES = ['', 'queued', 'running', 'success', 'failure', 'cancelled'];
const TRIGGERS = ['', 'api', 'schedule', 'parent', 'cli'];
const RUN_STATUS = {
  'run.queued': 'queued',
  'run.started': 'running',
  'run.succeeded': 'success',
  'run.failed': 'failure',
  'run.cancelled': 'cancelled',
};
const PAGE_SIZE = 50;

/** The run's row after one of its run events (nodes' events do not change a row). */
function patched(run, event, status) {
  const row = { ...run, status };
  if (status === 'running') row.started_at = row.started_at || event.at;
  if (status !== 'queued' && status !== 'running') {
    row.finished_at = event.at;
    const from = new Date(row.started_at || row.queued_at).getTime();
    row.duration_seconds = Math.max(0, (new Date(event.at).getTime() - from) / 1000);
  }
  return row;
}

export function RunsPage() {
  const { params } = useLocation();
  const filters = {
    workflow_id: params.get('workflow_id') || '',
    status: params.get('status') || '',
    trigger: params.get('trigger') || '',
    queued_since: params.get('queued_since') || '',
    queued_until: params.get('queued_until') || '',
    cursor: params.get('cursor') || '',
  };
  const key = JSON.stringify(filters);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [live, setLive] = useState('connecting');

  useEffect(() => {
    let stopped = false;
    let feed = null;
    const matches = (run) => (!filters.workflow_id || run.workflow_id === filters.workflow_id)
      && (!filters.status || run.status === filters.status)
      && (!filters.trigger || (run.trigger && run.trigger.type) === filters.trigger)
      && (!filters.queued_since || new Date(run.queued_at) >= new Date(filters.queued_since))
      && (!filters.queued_until || new Date(run.queued_at) < new Date(filters.queued_until));
    const onEvent = (event) => {
      const status = RUN_STATUS[event.type];
      if (!status) return;
      // a run enters the list when it is queued, or when it reaches the status filtered for;
      // only the first page grows: a later page is a fixed slice of the past
      const enters = status === 'queued' || status === filters.status;
      if (enters && !filters.cursor && !(filters.workflow_id && event.workflow_id !== filters.workflow_id)) {
        api(`/runs/${event.run_id}`).then((run) => {
          const { nodes, ...row } = run; // a row needs no nodes
          if (stopped || !matches(row)) return;
          setPage((p) => (p.items.some((r) => r.run_id === row.run_id) ? p
            : { ...p, items: newestFirst([row, ...p.items]).slice(0, PAGE_SIZE) }));
        }).catch(() => {}); // deleted meanwhile
      }
      if (status === 'queued') return;
      setPage((p) => {
        if (!p.items.some((r) => r.run_id === event.run_id)) return p;
        const items = p.items.map((r) => (r.run_id === event.run_id ? patched(r, event, status) : r));
        return { ...p, items: items.filter(matches) };
      });
    };
    (async () => {
      try {
        // the head first, then the page: what commits in between arrives twice, harmlessly
        const head = await api('/events?after=head');
        const data = await api(`/runs${query({ ...filters, limit: PAGE_SIZE })}`);
        if (stopped) return;
        setPage(data);
        setError(null);
        // only run events change a row: the server skips the nodes' (most of the stream)
        feed = new EventFeed('/ws/events?type=run.*', { after: head.next_cursor, by: 'cursor', onEvent, onState: setLive });
        window.dagflow = { ...(window.dagflow || {}), runsFeed: feed };
        feed.start();
      } catch (e) {
        if (!stopped) setError(e);
      }
    })();
    return () => {
      stopped = true;
      if (feed) feed.stop();
    };
  }, [key]);

  const onFilter = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setQuery({
      workflow_id: f.get('workflow_id').trim(),
      status: f.get('status'),
      trigger: f.get('trigger'),
      queued_since: fromLocal(f.get('queued_since')),
      queued_until: fromLocal(f.get('queued_until')),
      cursor: '',
    });
  };

  return html`<section>
    <h1>Runs <span class="muted live" id="runs-live" data-state=${live}>${live}</span></h1>
    <form class="filters" onSubmit=${onFilter} key=${key}>
      <label>Workflow<input name="workflow_id" id="filter-workflow" value=${filters.workflow_id} placeholder="any" /></label>
      <label>Status<select name="status" id="filter-status" value=${filters.status}>
        ${STATUSES.map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
      </select></label>
      <label>Trigger<select name="trigger" id="filter-trigger" value=${filters.trigger}>
        ${TRIGGERS.map((t) => html`<option value=${t}>${t || 'any'}</option>`)}
      </select></label>
      <label>Queued since<input type="datetime-local" step="1" name="queued_since" id="filter-since" value=${toLocal(filters.queued_since)} /></label>
      <label>until<input type="datetime-local" step="1" name="queued_until" id="filter-until" value=${toLocal(filters.queued_until)} /></label>
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

/** A datetime-local value (the browser's time zone) as the API's RFC 3339 UTC time. */
function fromLocal(value) {
  return value ? new Date(value).toISOString() : '';
}

/** An RFC 3339 time as a datetime-local value in the browser's time zone. */
function toLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function triggerText(trigger) {
  if (!trigger) return '—';
  if (trigger.type === 'schedule') return `schedule ${trigger.schedule_id}`;
  if (trigger.type === 'parent') return html`<a href=${`/ui/runs/${trigger.run_id}`}>parent</a>`;
  return trigger.type;
}

export function RunTable({ runs }) {
  if (runs.length === 0) return html`<p class="muted" id="no-runs">No runs.</p>`;
  return html`<table class="runs">
    <thead><tr><th>Run</th><th>Workflow</th><th>Status</th><th>Trigger</th><th>Queued</th><th>Duration</th></tr></thead>
    <tbody>${runs.map((r) => html`<tr key=${r.run_id} data-run-id=${r.run_id} data-status=${r.status}>
      <td><a href=${`/ui/runs/${r.run_id}`}>${r.run_id.slice(0, 8)}</a></td>
      <td><a href=${`/ui/workflows/${r.workflow_id}`}>${r.workflow_id}</a> <span class="muted">v${r.workflow_version}</span></td>
      <td><${Status} status=${r.status} /></td>
      <td class="trigger">${triggerText(r.trigger)}</td>
      <td>${time(r.queued_at)}</td>
      <td>${seconds(r.duration_seconds)}</td>
    </tr>`)}</tbody>
  </table>`;
}

// rows by queued time, newest first, as GET /runs orders them
function newestFirst(rows) {
  return rows.sort((a, b) => Date.parse(b.queued_at) - Date.parse(a.queued_at));
}
