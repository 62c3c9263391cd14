// A resumable event stream: it remembers the position of the last event it received on this
// stream (a run's `seq`, or the global `cursor` for /ws/events) and reconnects with
// ?after=<that position>, backing off 0.5 s, 1 s, 2 s … up to 15 s (with jitter), so a dropped
// connection (proxy timeout, server restart) loses no event and repeats none.
import { openSocket } from './api.js';

/** Orders two global event cursors ("txn.pos"; parts may exceed 2^53, hence BigInt). */
export function compareCursors(a, b) {
  const [at, ap] = String(a || '0.0').split('.').map((x) => BigInt(x || 0));
  const [bt, bp] = String(b || '0.0').split('.').map((x) => BigInt(x || 0));
  if (at !== bt) return at < bt ? -1 : 1;
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

const BY_SEQ = { of: (e) => e.seq, before: (a, b) => a <= b };
const BY_CURSOR = { of: (e) => e.cursor, before: (a, b) => compareCursors(a, b) <= 0 };

export class EventFeed {
  /** `by: 'cursor'` follows the global stream (/ws/events), else a run's `seq`. */
  constructor(path, { after = 0, by = 'seq', onEvent, onState }) {
    this.path = path;
    this.after = after;
    this.order = by === 'cursor' ? BY_CURSOR : BY_SEQ;
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.delay = 500;
    this.stopped = false;
    this.ended = false;
    this.received = 0;
    this.seqs = []; // every seq taken, in order: what a reconnect test compares with the history
    this.reconnects = 0;
  }

  start() {
    this.connect();
    return this;
  }

  connect() {
    if (this.stopped) return;
    const sep = this.path.includes('?') ? '&' : '?'; // a path may carry a filter (?type=run.*)
    const ws = openSocket(`${this.path}${sep}after=${encodeURIComponent(this.after)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 500;
      this.onState('live');
    };
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data);
      const at = this.order.of(event);
      if (this.order.before(at, this.after)) return;
      this.after = at;
      this.received++;
      this.seqs.push(at);
      this.onEvent(event);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws || this.stopped) return;
      if (e.code === 1000) {
        // the server ends a run stream after the run's last event
        this.ended = true;
        this.onState('ended');
        return;
      }
      this.onState('reconnecting');
      const wait = this.delay * (0.75 + Math.random() / 2);
      this.delay = Math.min(this.delay * 2, 15000);
      this.reconnects++;
      setTimeout(() => this.connect(), wait);
    };
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close(1000);
  }
}
