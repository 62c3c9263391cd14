// Small display helpers shared by the pages.
import { html } from './html.js';

export function Status({ status }) {
  return html`<span class="badge" data-status=${status}>${status}</span>`;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString();
}

export function seconds(value) {
  if (value === null || value === undefined) return '—';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${value.toFixed(value < 10 ? 2 : 1)} s`;
  return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

export function between(from, to) {
  if (!from || !to) return null;
  return (new Date(to) - new Date(from)) / 1000;
}

export function ProblemText({ error }) {
  if (!error) return null;
  const errors = error.problem && Array.isArray(error.problem.errors) ? error.problem.errors : [];
  return html`<div class="error" role="alert">${error.message}
    ${errors.length > 0 && html`<ul>${errors.map((e) => html`<li>${typeof e === 'string' ? e : JSON.stringify(e)}</li>`)}</ul>`}</div>`;
}
