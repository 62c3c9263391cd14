// The run's nodes as a list of buttons: what the keyboard and scripts use (data-node-id,
// data-status), kept in step with the canvas. Built and updated directly in the DOM, because a
// 5,000-node run changes thousands of rows and a virtual DOM diff would redo them all.
export class NodeIndex {
  constructor(list, nodes, statuses, onSelect) {
    this.list = list;
    this.buttons = new Map();
    this.current = null;
    const fragment = document.createDocumentFragment();
    for (const n of nodes) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = n.id;
      b.dataset.nodeId = n.id;
      b.dataset.status = statuses.get(n.id) || 'pending';
      b.addEventListener('click', () => onSelect(n.id));
      li.appendChild(b);
      fragment.appendChild(li);
      this.buttons.set(n.id, b);
    }
    list.textContent = '';
    list.appendChild(fragment);
  }

  update(id, status) {
    const b = this.buttons.get(id);
    if (b) b.dataset.status = status;
  }

  select(id) {
    if (this.current) this.current.removeAttribute('aria-current');
    this.current = id ? this.buttons.get(id) : null;
    if (this.current) {
      this.current.setAttribute('aria-current', 'true');
      this.current.scrollIntoView({ block: 'nearest' });
    }
  }

  filter(text) {
    const t = text.trim().toLowerCase();
    for (const [id, b] of this.buttons) b.parentElement.hidden = t !== '' && !id.toLowerCase().includes(t);
  }
}
