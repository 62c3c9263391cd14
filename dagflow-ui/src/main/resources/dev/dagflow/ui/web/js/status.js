// Node and run states, and how events move them.
export const NODE_EVENT_STATUS = {
  'node.ready': 'ready',
  'node.started': 'running',
  'node.waiting': 'waiting',
  'node.retrying': 'retrying',
  'node.succeeded': 'success',
  'node.failed': 'failure',
  'node.skipped': 'skipped',
  'node.cancelled': 'cancelled',
};

export const RUN_EVENT_STATUS = {
  'run.queued': 'queued',
  'run.started': 'running',
  'run.retried': 'running',
  'run.succeeded': 'success',
  'run.failed': 'failure',
  'run.cancelled': 'cancelled',
};

const RANK = {
  pending: 0, queued: 0, ready: 1, running: 2, retrying: 2, waiting: 2,
  success: 3, failure: 3, skipped: 3, cancelled: 3,
};

/**
 * Whether an event's status may replace the one shown. A stream replayed from the start may
 * deliver events older than the snapshot the page loaded with: a state never moves back.
 */
export function advances(current, next) {
  return (RANK[next] ?? 0) >= (RANK[current] ?? 0);
}

export function isTerminal(status) {
  return ['success', 'failure', 'cancelled', 'skipped'].includes(status);
}

export const STATUS_VARS = Object.keys(RANK);
