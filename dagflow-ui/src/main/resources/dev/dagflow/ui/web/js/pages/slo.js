// A workflow's service level objectives (its `slo:` block) beside what its recent runs achieved:
// the share of good runs among the runs queued in the SLO's period, up to the newest 500 (the
// API's page). Prometheus holds the real burn rates; this is a glance, and says how many runs it saw.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { seconds } from '../format.js';

const PERIOD_DAYS = { '28d': 28, '30d': 30 };
const FINISHED = new Set(['success', 'failure', 'cancelled']);

function achieved(objective, runs) {
  const counted = objective.type === 'success_ratio'
    ? runs.filter((r) => r.status === 'success' || r.status === 'failure')
    : runs.filter((r) => FINISHED.has(r.status) && r.duration_seconds !== null);
  const good = objective.type === 'success_ratio'
    ? counted.filter((r) => r.status === 'success')
    : counted.filter((r) => r.duration_seconds <= objective.threshold_seconds);
  return { counted: counted.length, percent: counted.length ? (100 * good.length) / counted.length : null };
}

export function SloTable({ workflowId, slo }) {
  const [runs, setRuns] = useState(null);
  useEffect(() => {
    const since = new Date(Date.now() - (PERIOD_DAYS[slo.period] || 30) * 86400000).toISOString();
    api(`/runs${query({ workflow_id: workflowId, queued_since: since, limit: 500 })}`)
      .then((p) => setRuns(p.items)).catch(() => setRuns([]));
  }, [workflowId, slo.period]);
  return html`<table class="slo" id="slo">
    <thead><tr><th>Objective</th><th>Good run</th><th>Target</th><th>Achieved (${slo.period})</th></tr></thead>
    <tbody>${slo.objectives.map((o) => {
      const a = runs ? achieved(o, runs) : null;
      const met = a && a.percent !== null ? (a.percent >= o.target ? 'met' : 'missed') : 'unknown';
      return html`<tr key=${o.name} data-slo=${o.name} data-status=${met}>
        <td>${o.name}</td>
        <td>${o.type === 'success_ratio' ? 'succeeds' : `ends within ${seconds(o.threshold_seconds)}`}</td>
        <td>${o.target} %</td>
        <td>${!a ? '…' : a.percent === null ? 'no finished run'
          : html`<span class="badge" data-status=${met === 'met' ? 'success' : 'failure'}>${a.percent.toFixed(1)} %</span>${' '}<span class="muted">of ${a.counted} run${a.counted === 1 ? '' : 's'}${runs.length === 500 ? ' (newest 500)' : ''}</span>`}</td>
      </tr>`;
    })}</tbody>
  </table>`;
}
