// Draws a laid-out DAG on one canvas: positions come from the server (ELK), so the browser only
// paints, and only what is in view. Status changes repaint in the next animation frame, however
// many arrive, which keeps a 5,000-node run responsive. Drag pans, the wheel zooms, a click
// selects; the keyboard pans (arrows) and zooms (+ / -) when the canvas has focus.
import { STATUS_VARS } from './status.js';

export class DagCanvas {
  constructor(canvas, graph, { statusOf, onSelect }) {
    this.canvas = canvas;
    this.graph = graph;
    this.statusOf = statusOf;
    this.onSelect = onSelect || (() => {});
    this.selected = null;
    this.frame = 0;
    this.paints = 0;
    this.byId = new Map(graph.nodes.map((n) => [n.id, n]));
    this.readColors();
    this.resize();
    this.fit();
    this.bind();
  }

  readColors() {
    const css = getComputedStyle(document.documentElement);
    const v = (name) => css.getPropertyValue(name).trim();
    this.colors = { edge: v('--edge'), text: v('--node-text'), focus: v('--focus'), bg: v('--panel') };
    for (const s of STATUS_VARS) this.colors[s] = v(`--st-${s}`);
  }

  resize() {
    const r = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.w = Math.max(1, r.width);
    this.h = Math.max(1, r.height);
    this.canvas.width = Math.round(this.w * dpr);
    this.canvas.height = Math.round(this.h * dpr);
    this.dpr = dpr;
  }

  /** The whole graph when it fits at a useful size; else its full width, from the top. */
  fit() {
    const g = this.graph;
    const byWidth = this.w / Math.max(g.width, 1);
    const byHeight = this.h / Math.max(g.height, 1);
    this.scale = Math.min(1, Math.max(Math.min(byWidth, byHeight), Math.min(byWidth, 0.35)));
    this.tx = Math.max(8, (this.w - g.width * this.scale) / 2);
    this.ty = Math.max(8, (this.h - g.height * this.scale) / 2);
  }

  bind() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.moved = true;
      this.invalidate();
    });
    c.addEventListener('pointerup', (e) => {
      const d = drag;
      drag = null;
      if (d && !d.moved) {
        const hit = this.hit(e.offsetX, e.offsetY);
        if (hit) this.onSelect(hit.id);
      }
    });
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.offsetX, e.offsetY);
    }, { passive: false });
    c.addEventListener('keydown', (e) => {
      const step = 60;
      const keys = {
        ArrowLeft: () => (this.tx += step), ArrowRight: () => (this.tx -= step),
        ArrowUp: () => (this.ty += step), ArrowDown: () => (this.ty -= step),
        '+': () => this.zoom(1.25, this.w / 2, this.h / 2), '=': () => this.zoom(1.25, this.w / 2, this.h / 2),
        '-': () => this.zoom(0.8, this.w / 2, this.h / 2), '0': () => this.fit(),
      };
      if (keys[e.key]) {
        e.preventDefault();
        keys[e.key]();
        this.invalidate();
      }
    });
    this.resizeObserver = new ResizeObserver(() => {
      this.resize();
      if (!this.moved) this.fit(); // the page settled around the canvas: fit again until the user moves
      this.invalidate();
    });
    this.resizeObserver.observe(c);
    this.themeQuery = matchMedia('(prefers-color-scheme: dark)');
    this.onTheme = () => {
      this.readColors();
      this.invalidate();
    };
    this.themeQuery.addEventListener('change', this.onTheme);
    window.addEventListener('dagflow:theme', this.onTheme);
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.themeQuery.removeEventListener('change', this.onTheme);
    window.removeEventListener('dagflow:theme', this.onTheme);
    cancelAnimationFrame(this.frame);
  }

  zoom(factor, cx, cy) {
    const next = Math.min(4, Math.max(0.01, this.scale * factor));
    const k = next / this.scale;
    this.moved = true;
    this.tx = cx - (cx - this.tx) * k;
    this.ty = cy - (cy - this.ty) * k;
    this.scale = next;
    this.invalidate();
  }

  /** Centres a node (a deep link ?node= or a pick from the list). */
  reveal(id) {
    const n = this.byId.get(id);
    if (!n) return;
    const left = this.tx + n.x * this.scale;
    const top = this.ty + n.y * this.scale;
    const inView = left >= 0 && top >= 0 && left + n.width * this.scale <= this.w && top + n.height * this.scale <= this.h;
    if (inView && this.scale >= 0.45) return;
    this.moved = true;
    if (this.scale < 0.6) this.scale = 0.8;
    this.tx = this.w / 2 - (n.x + n.width / 2) * this.scale;
    this.ty = this.h / 2 - (n.y + n.height / 2) * this.scale;
    this.invalidate();
  }

  select(id) {
    this.selected = id;
    this.invalidate();
  }

  hit(px, py) {
    const x = (px - this.tx) / this.scale;
    const y = (py - this.ty) / this.scale;
    for (const n of this.graph.nodes) {
      if (x >= n.x && x <= n.x + n.width && y >= n.y && y <= n.y + n.height) return n;
    }
    return null;
  }

  /** Repaint in the next frame; many calls in one frame paint once. */
  invalidate() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  paint() {
    const ctx = this.canvas.getContext('2d');
    const { scale, tx, ty, colors } = this;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    ctx.setTransform(this.dpr * scale, 0, 0, this.dpr * scale, this.dpr * tx, this.dpr * ty);
    // the visible rectangle in graph coordinates, with a margin
    const x0 = -tx / scale - 50;
    const y0 = -ty / scale - 50;
    const x1 = x0 + this.w / scale + 100;
    const y1 = y0 + this.h / scale + 100;

    ctx.strokeStyle = colors.edge;
    ctx.lineWidth = Math.max(1, 1 / scale) * 0.8;
    ctx.beginPath();
    for (const e of this.graph.edges) {
      const p = e.points;
      if (!p.length) continue;
      const [ax, ay] = p[0];
      const [bx, by] = p[p.length - 1];
      if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue;
      ctx.moveTo(ax, ay);
      for (let i = 1; i < p.length; i++) ctx.lineTo(p[i][0], p[i][1]);
    }
    ctx.stroke();

    const labels = scale >= 0.45;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const n of this.graph.nodes) {
      if (n.x + n.width < x0 || n.x > x1 || n.y + n.height < y0 || n.y > y1) continue;
      const status = this.statusOf(n.id) || 'pending';
      ctx.fillStyle = colors[status] || colors.pending;
      if (labels) {
        ctx.beginPath();
        ctx.roundRect(n.x, n.y, n.width, n.height, 6);
        ctx.fill();
        ctx.fillStyle = colors.text;
        const label = n.id.length > 26 ? `${n.id.slice(0, 25)}…` : n.id;
        ctx.fillText(label, n.x + 10, n.y + n.height / 2, n.width - 16);
      } else {
        ctx.fillRect(n.x, n.y, n.width, n.height);
      }
    }
    const sel = this.selected && this.byId.get(this.selected);
    if (sel) {
      ctx.strokeStyle = colors.focus;
      ctx.lineWidth = Math.max(3, 3 / scale);
      ctx.strokeRect(sel.x - 3, sel.y - 3, sel.width + 6, sel.height + 6);
    }
    this.paints++;
    this.canvas.dataset.paints = String(this.paints);
  }
}
