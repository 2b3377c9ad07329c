// Long work (imports) runs after the request returns; the page polls its progress. Jobs live in
// memory: a restart loses the progress of a running job, never data (every write is one transaction).
import { randomUUID } from 'node:crypto';

export interface JobView {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result?: unknown;
  error?: { status: number; code: string; message: string; issues?: unknown[] };
}

interface Job extends JobView {
  ownerId: number;
  finishedAt?: number;
}

const jobs = new Map<string, Job>();
const KEEP_MS = 30 * 60_000;

export interface Progress {
  (phase: string, done: number, total: number): void;
}

/** Starts work in the background for one user; `describeError` turns a failure into what the page shows. */
export function startJob(
  kind: string,
  ownerId: number,
  work: (progress: Progress) => Promise<unknown>,
  describeError: (e: unknown) => JobView['error'],
): JobView {
  const now = Date.now();
  for (const [id, j] of jobs) if (j.finishedAt && now - j.finishedAt > KEEP_MS) jobs.delete(id);
  const job: Job = { id: randomUUID(), kind, ownerId, status: 'running', phase: 'queued', done: 0, total: 0 };
  jobs.set(job.id, job);
  const progress: Progress = (phase, done, total) => Object.assign(job, { phase, done, total });
  // Run after the response is sent, so that the page gets the job id at once.
  setImmediate(() => {
    work(progress).then(
      (result) => Object.assign(job, { status: 'done', phase: 'done', result, finishedAt: Date.now() }),
      (e: unknown) => Object.assign(job, { status: 'failed', error: describeError(e), finishedAt: Date.now() }),
    );
  });
  return view(job);
}

const view = ({ ownerId: _o, finishedAt: _f, ...v }: Job): JobView => ({ ...v });

/** A job of this user (others' jobs are invisible: a job's result may name children). */
export function jobFor(id: string, userId: number): JobView | null {
  const job = jobs.get(id);
  return job && job.ownerId === userId ? view(job) : null;
}
