// A form generated from a workflow's params: one field per param by type, required marked,
// defaults filled in. The API decides validity: its 422 problems are shown at their fields.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { navigate } from '../router.js';

export function SubmitForm({ workflow }) {
  const specs = Object.entries(workflow.params || {});
  const [fieldErrors, setFieldErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    const form = e.target;
    const params = {};
    const local = {};
    for (const [name, spec] of specs) {
      const el = form.elements[`param-${name}`];
      const value = read(spec.type, el);
      if (value.error) local[name] = value.error;
      else if (value.present) params[name] = value.value;
    }
    setFormError(null);
    if (Object.keys(local).length) {
      setFieldErrors(local);
      return;
    }
    setBusy(true);
    try {
      const created = await api(`/workflows/${encodeURIComponent(workflow.id)}/runs`, { method: 'POST', body: params });
      navigate(`/ui/runs/${created.run_id}`);
    } catch (err) {
      const { byField, rest } = placeProblems(err, specs.map(([n]) => n));
      setFieldErrors(byField);
      setFormError(rest.length ? rest.join('; ') : Object.keys(byField).length ? null : err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="form-grid submit-form" id="submit-form" onSubmit=${submit} noValidate>
    ${specs.length === 0 && html`<p class="muted">This workflow takes no params.</p>`}
    ${specs.map(([name, spec]) => html`<${Field} name=${name} spec=${spec} error=${fieldErrors[name]} />`)}
    ${formError && html`<p class="error" role="alert" id="form-error">${formError}</p>`}
    <div><button class="primary" type="submit" id="submit-run" disabled=${busy}>Start run</button></div>
  </form>`;
}

function Field({ name, spec, error }) {
  const id = `param-${name}`;
  const def = spec.default;
  const common = { id, name: id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': `${id}-error` };
  let input;
  if (spec.type === 'boolean') {
    input = html`<input type="checkbox" ...${common} checked=${def === true} />`;
  } else if (spec.type === 'number' || spec.type === 'integer') {
    input = html`<input type="number" step=${spec.type === 'integer' ? 1 : 'any'} ...${common} value=${def ?? ''} />`;
  } else if (spec.type === 'object' || spec.type === 'array') {
    input = html`<textarea rows="3" ...${common} placeholder=${spec.type === 'array' ? '[ ]' : '{ }'}>${def === null || def === undefined ? '' : JSON.stringify(def)}</textarea>`;
  } else {
    input = html`<input type="text" ...${common} value=${def ?? ''} />`;
  }
  return html`<div class="field" data-param=${name}>
    <label for=${id}>${name}${spec.required ? ' *' : ''}</label>
    ${input}
    <div class="hint">${spec.type}${spec.required ? ', required' : ''}${def !== null && def !== undefined ? `, default ${JSON.stringify(def)}` : ''}</div>
    <div class="field-error" id=${`${id}-error`} role=${error ? 'alert' : undefined}>${error || ''}</div>
  </div>`;
}

/** The value a field holds, as JSON of its type; empty fields are left out of the params. */
function read(type, el) {
  if (type === 'boolean') return { present: true, value: el.checked };
  const raw = el.value.trim();
  if (raw === '') return { present: false };
  if (type === 'number' || type === 'integer') return { present: true, value: Number(raw) };
  if (type === 'object' || type === 'array') {
    try {
      return { present: true, value: JSON.parse(raw) };
    } catch {
      return { error: `not valid JSON (${type} expected)` };
    }
  }
  return { present: true, value: raw };
}

/** Puts each problem of a 422 at the param it names ("param 'x' …", or a pointer /x). */
function placeProblems(err, names) {
  const byField = {};
  const rest = [];
  const problems = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
  for (const p of problems) {
    const text = typeof p === 'string' ? p : p.detail || p.message || JSON.stringify(p);
    const pointer = typeof p === 'object' && (p.pointer || p.field || '');
    const quoted = /param '([^']+)'/.exec(text);
    const name = (quoted && quoted[1]) || (pointer && pointer.replace(/^\/?(params\/)?/, '').split('/')[0]);
    if (name && names.includes(name)) byField[name] = byField[name] ? `${byField[name]}; ${text}` : text;
    else rest.push(text);
  }
  return { byField, rest };
}
