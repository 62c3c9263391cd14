// The selected node: state, attempts, times, output, error, quality, artifacts, child run, map
// items, and the approval decision when it waits for one.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { Status, between, seconds, time } from '../format.js';
import { MapItems } from './map-items.js';

export function NodePanel({ run, node, status, readyAt, onDecide }) {
  const [comment, setComment] = useState('');
  const child = node.output && typeof node.output === 'object' && node.type === 'workflow' ? node.output.run_id : null;
  // an approval node waits for a decision (servers before the `waiting` state show it `running`)
  const waitingApproval = node.type === 'approval' && (status === 'waiting' || status === 'running');
  return html`<div class="node-panel" data-node-id=${node.id} data-status=${status}>
    <h2>${node.id} <${Status} status=${status} /></h2>
    <dl class="kv">
      <dt>type</dt><dd>${node.type}</dd>
      <dt>name</dt><dd>${node.name}</dd>
      <dt>attempts</dt><dd>${node.attempts}</dd>
      <dt>started</dt><dd>${time(node.started_at)}</dd>
      <dt>finished</dt><dd>${time(node.finished_at)}</dd>
      <dt>duration</dt><dd>${seconds(node.duration_seconds)}</dd>
      <dt>queue wait</dt><dd>${seconds(between(readyAt, node.started_at))}</dd>
      ${node.quality_score !== null && node.quality_score !== undefined && html`<dt>quality</dt><dd>${node.quality_score}</dd>`}
      ${child && html`<dt>child run</dt><dd><a href=${`/ui/runs/${child}`} data-run-id=${child}>${child.slice(0, 8)}</a></dd>`}
    </dl>
    ${node.items && html`<${MapItems} runId=${run.run_id} nodeId=${node.id} counts=${node.items} status=${status} />`}
    ${node.error && html`<h3>Error</h3><pre class="error">${node.error}</pre>`}
    ${waitingApproval && html`<form class="decision" onSubmit=${(e) => e.preventDefault()}>
      <h3>Approval</h3>
      <textarea id="decision-comment" rows="2" placeholder="comment" value=${comment}
        onInput=${(e) => setComment(e.target.value)} aria-label="Comment"></textarea>
      <div><button class="primary" id="approve" type="button" onClick=${() => onDecide(true, comment)}>Approve</button>
      ${' '}<button class="danger" id="reject" type="button" onClick=${() => onDecide(false, comment)}>Reject</button></div>
    </form>`}
    ${node.artifacts && node.artifacts.length > 0 && html`<h3>Artifacts</h3><ul>${node.artifacts.map((a) => html`<li>
      ${a.uri ? html`<a href=${a.uri}>${a.name}</a>` : a.name} <span class="muted">${a.type} · ${a.size_bytes} bytes</span></li>`)}</ul>`}
    ${node.output !== null && node.output !== undefined && html`<h3>Output</h3><pre id="node-output">${JSON.stringify(node.output, null, 2)}</pre>`}
    <p class="muted">Run params</p><pre>${JSON.stringify(run.params, null, 2)}</pre>
  </div>`;
}
