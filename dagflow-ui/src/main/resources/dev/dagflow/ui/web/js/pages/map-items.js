// A mapped node's items in the node panel: their counts from the run, and the items themselves
// from GET /runs/{run_id}/nodes/{node_id}/items, a page at a time (status, attempts, error).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { ProblemText, Status } from '../format.js';

const PAGE = 50;

export function MapItems({ runId, nodeId, counts, status }) {
  const [items, setItems] = useState([]);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const base = `/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeId)}/items?limit=${PAGE}`;

  async function load(cursor, keep) {
    try {
      const page = await api(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
      setItems(keep.concat(page.items));
      setNext(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  // read again when the node changes state: its items have moved on
  useEffect(() => { load(null, []); }, [runId, nodeId, status]);

  return html`<section class="map-items" data-node-id=${nodeId}>
    <h3>Items <span class="muted">${counts.succeeded} succeeded · ${counts.failed} failed · ${counts.running} running · ${counts.total} in all</span></h3>
    <${ProblemText} error=${error} />
    <table class="items">
      <thead><tr><th>#</th><th>status</th><th>attempts</th><th>error</th></tr></thead>
      <tbody>${items.map((item) => html`<tr data-item-index=${item.index} data-status=${item.status}>
        <td>${item.index}</td><td><${Status} status=${item.status} /></td><td>${item.attempts}</td>
        <td class="muted">${item.error || ''}</td></tr>`)}</tbody>
    </table>
    ${next && html`<button type="button" id="more-items" onClick=${() => load(next, items)}>More items</button>`}
  </section>`;
}
