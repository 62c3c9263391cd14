// One workflow: submit form, graph, recent runs, schedules, and its definition source.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query, routes } from '../api.js';
import { DagCanvas } from '../dag-canvas.js';
import { ProblemText } from '../format.js';
import { RunTable } from './runs.js';
import { SubmitForm } from './submit-form.js';

export function WorkflowPage({ workflowId }) {
  const [wf, setWf] = useState(null);
  const [graph, setGraph] = useState(null);
  const [runs, setRuns] = useState(null);
  const [schedules, setSchedules] = useState(null);
  const [error, setError] = useState(null);
  const canvasRef = useRef();
  const id = encodeURIComponent(workflowId);

  useEffect(() => {
    api(`/workflows/${id}`).then(setWf).catch(setError);
    api(`/workflows/${id}/graph`).then(setGraph).catch(() => {});
    api(`/runs${query({ workflow_id: workflowId, limit: 10 })}`).then((p) => setRuns(p.items)).catch(() => {});
    // schedules show where the server offers them
    routes().then((offered) => offered.has('/schedules') && api('/schedules?limit=200')
      .then((p) => setSchedules((p.items || []).filter((s) => s.workflow_id === workflowId))))
      .catch(() => setSchedules(null));
  }, [workflowId]);

  useEffect(() => {
    if (!graph || !canvasRef.current) return undefined;
    const dag = new DagCanvas(canvasRef.current, graph, { statusOf: () => 'pending' });
    dag.paint();
    return () => dag.destroy();
  }, [graph, wf]);

  if (error) return html`<section><h1>${workflowId}</h1><${ProblemText} error=${error} /></section>`;
  if (!wf) return html`<section><h1>${workflowId}</h1><p class="muted">Loading…</p></section>`;
  return html`<section data-workflow-id=${wf.id}>
    <h1>${wf.id} <span class="muted">v${wf.version}</span></h1>
    ${wf.description && html`<p>${wf.description}</p>`}
    <div class="cards">
      <div><h2>Start a run</h2><${SubmitForm} workflow=${wf} /></div>
      <div><h2>Graph</h2><div class="dag" style="height:320px"><canvas ref=${canvasRef} tabindex="0" aria-label="Workflow graph"></canvas></div></div>
    </div>
    <h2>Recent runs</h2>
    ${runs ? html`<${RunTable} runs=${runs} />` : html`<p class="muted">Loading…</p>`}
    ${schedules && schedules.length > 0 && html`<h2>Schedules</h2><ul>${schedules.map((s) => html`<li>
      ${s.schedule_id || s.id}: <code>${s.cron}</code> next ${s.next_fire_time || s.next_fire_at || '—'}</li>`)}</ul>`}
    <h2>Definition</h2>
    <pre id="workflow-source">${wf.source}</pre>
  </section>`;
}
