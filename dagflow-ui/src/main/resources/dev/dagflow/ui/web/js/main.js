// The app shell: navigation, theme, the token dialog and the page for the current URL.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { onTokenNeeded, routes, setToken } from './api.js';
import { interceptLinks, useLocation } from './router.js';
import { RunsPage } from './pages/runs.js';
import { RunPage } from './pages/run.js';
import { WorkflowsPage } from './pages/workflows.js';
import { WorkflowPage } from './pages/workflow.js';
import { SchedulesPage } from './pages/schedules.js';

const THEME_KEY = 'dagflow.theme';

function applyTheme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  window.dispatchEvent(new Event('dagflow:theme'));
}

function ThemeToggle() {
  const [theme, setTheme] = useState(localStorage.getItem(THEME_KEY) || 'system');
  useEffect(() => applyTheme(theme), [theme]);
  return html`<label class="muted">Theme${' '}
    <select id="theme" value=${theme} onChange=${(e) => {
      localStorage.setItem(THEME_KEY, e.target.value);
      setTheme(e.target.value);
    }}>
      <option value="system">system</option><option value="light">light</option><option value="dark">dark</option>
    </select></label>`;
}

function TokenDialog() {
  const ref = useRef();
  const [reason, setReason] = useState('');
  useEffect(() => onTokenNeeded((why) => {
    setReason(why);
    if (!ref.current.open) ref.current.showModal();
  }), []);
  const submit = (e) => {
    e.preventDefault();
    const value = new FormData(e.target).get('token').trim();
    if (!value) return;
    ref.current.close();
    e.target.reset();
    setToken(value);
  };
  return html`<dialog ref=${ref} id="token-dialog" aria-labelledby="token-title">
    <form method="dialog" onSubmit=${submit}>
      <h2 id="token-title">API token</h2>
      <p>${reason} It is kept for this browser tab only.</p>
      <input name="token" id="token-input" type="password" autocomplete="off" size="36" required />
      ${' '}<button class="primary" type="submit" id="token-submit">Use token</button>
    </form>
  </dialog>`;
}

function page(path) {
  const parts = path.replace(/^\/ui\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'runs' && parts[1]) return ['runs', html`<${RunPage} runId=${parts[1]} key=${parts[1]} />`];
  if (parts[0] === 'workflows' && parts[1]) return ['workflows', html`<${WorkflowPage} workflowId=${parts[1]} key=${parts[1]} />`];
  if (parts[0] === 'workflows') return ['workflows', html`<${WorkflowsPage} />`];
  if (parts[0] === 'schedules') return ['schedules', html`<${SchedulesPage} />`];
  return ['runs', html`<${RunsPage} />`];
}

function App() {
  const { path } = useLocation();
  const [offered, setOffered] = useState(new Set());
  useEffect(() => {
    routes().then(setOffered);
  }, []);
  const [section, content] = page(path);
  const link = (name, label) => html`<a href=${`/ui/${name}`} aria-current=${section === name ? 'page' : undefined}>${label}</a>`;
  return html`
    <header class="top">
      <a class="brand" href="/ui/runs">dagflow</a>
      <nav aria-label="Sections">${link('runs', 'Runs')}${link('workflows', 'Workflows')}${offered.has('/schedules') && link('schedules', 'Schedules')}</nav>
      <${ThemeToggle} />
    </header>
    <main>${content}</main>
    <${TokenDialog} />`;
}

const root = document.getElementById('app');
root.textContent = '';
interceptLinks(root);
render(html`<${App} />`, root);
