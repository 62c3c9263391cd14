// A resumable event stream: it remembers the last `seq` it received on this stream and reconnects
// with ?after=<that seq>, backing off 0.5 s, 1 s, 2 s … up to 15 s (with jitter), so a dropped
// connection (proxy timeout, server restart) loses no event and repeats none.
import { openSocket } from './api.js';

export class EventFeed {
  constructor(path, { after = 0, onEvent, onState }) {
    this.path = path;
    this.after = after;
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
    const ws = openSocket(`${this.path}?after=${this.after}`);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 500;
      this.onState('live');
    };
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data);
      if (event.seq <= this.after) return;
      this.after = event.seq;
      this.received++;
      this.seqs.push(event.seq);
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
