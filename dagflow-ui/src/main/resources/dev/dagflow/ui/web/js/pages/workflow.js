// One workflow: submit form, graph, SLOs, recent runs, schedules, and its definition source.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query, routes } from '../api.js';
import { DagCanvas } from '../dag-canvas.js';
import { ProblemText } from '../format.js';
import { RunTable } from './runs.js';
import { ScheduleRows } from './schedules.js';
import { SloTable } from './slo.js';
import { SubmitForm } from './submit-form.js';

export function WorkflowPage({ workflowId }) {
  const [wf, setWf] = useState(null);
  const [graph, setGraph] = useState(null);
  const [runs, setRuns] = useState(null);
  const [schedules, setSchedules] = useState(null);
  const [error, setError] = useState(null);
  const canvasRef = useRef();
  const id = encodeURIComponent(workflowId);

  const loadRuns = () => api(`/runs${query({ workflow_id: workflowId, limit: 10 })}`).then((p) => setRuns(p.items)).catch(() => {});
  // schedules show where the server offers them
  const loadSchedules = () => routes().then((offered) => offered.has('/schedules') && api('/schedules?limit=200')
    .then((p) => setSchedules((p.items || []).filter((s) => s.workflow_id === workflowId))))
    .catch(() => setSchedules(null));
  useEffect(() => {
    api(`/workflows/${id}`).then(setWf).catch(setError);
    api(`/workflows/${id}/graph`).then(setGraph).catch(() => {});
    loadRuns();
    loadSchedules();
  }, [workflowId]);
  const act = (s, verb) => api(`/schedules/${id}/${encodeURIComponent(s.schedule_id)}/${verb}`, { method: 'POST' })
    .then(() => Promise.all([loadSchedules(), loadRuns()])).catch(setError);

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
    ${wf.slo && html`<h2>Service level objectives</h2><${SloTable} workflowId=${wf.id} slo=${wf.slo} />`}
    <h2>Recent runs <a class="muted" href=${`/ui/runs?workflow_id=${id}`}>all</a></h2>
    ${runs ? html`<${RunTable} runs=${runs} />` : html`<p class="muted">Loading…</p>`}
    ${schedules && schedules.length > 0 && html`<h2>Schedules</h2><table id="workflow-schedules"><${ScheduleRows} items=${schedules} act=${act} /></table>`}
    <h2>Definition</h2>
    <pre id="workflow-source">${wf.source}</pre>
  </section>`;
}
