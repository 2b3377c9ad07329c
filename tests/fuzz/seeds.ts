// Fixed seeds of the fuzz properties, so that every run explores the same inputs and a failure replays.
// FUZZ_SEED / FUZZ_RUNS / FUZZ_PATH override them (see docs/security.md, "Kiểm thử ngẫu nhiên / Fuzzing").
import { afterAll, beforeAll, expect } from 'vitest';
import fc from 'fast-check';

export const SEEDS = {
  'scoring.validate': 610_201,
  'scoring.good': 610_202,
  'scoring.document': 610_203,
  'scoring.ruleSet': 610_204,
  'scoring.cellValue': 610_205,
  'register.bytes': 610_301,
  'register.csv': 610_302,
  'register.grid': 610_303,
  'register.mutated': 610_304,
  'register.roundTrip': 610_305,
  'inputs.read': 610_401,
  'surveys.answers': 610_501,
  'surveys.code': 610_502,
  'plans.input': 610_601,
  'comments.body': 610_701,
  'api.register': 610_801,
  'api.inputs': 610_802,
  'api.categories': 610_803,
  'api.comments': 610_804,
  'maps.boundaries': 610_901,
} as const;
export type FuzzName = keyof typeof SEEDS;

const envNumber = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${raw}`);
  return n;
};

/**
 * fast-check parameters of one property: its recorded seed and run count, or FUZZ_SEED / FUZZ_RUNS; with
 * FUZZ_PATH (printed by fast-check beside the seed) only the failing case and its shrinks are replayed.
 */
export function fuzz<T = unknown>(name: FuzzName, numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const path = process.env.FUZZ_PATH || undefined;
  return {
    seed: envNumber('FUZZ_SEED') ?? SEEDS[name],
    numRuns: envNumber('FUZZ_RUNS') ?? numRuns,
    ...(path ? { path, endOnFailure: true } : {}),
    ...extra,
  };
}

/**
 * Runs a synchronous check and fails when one case uses more than `ms` of this process's CPU (a parser must
 * never hang). CPU time, not wall time: on a loaded CI machine a case waits for a core without working longer.
 */
export function bounded<R>(ms: number, run: () => R): R {
  const started = process.cpuUsage();
  const out = run();
  const used = process.cpuUsage(started);
  const took = (used.user + used.system) / 1000;
  if (took > ms) throw new Error(`one case used ${Math.round(took)} ms of CPU (limit ${ms} ms)`);
  return out;
}

/** Fails the file if a parser leaks an error outside its promise (an uncaught exception or rejection). */
export function failOnStrayErrors(): void {
  const stray: unknown[] = [];
  const onStray = (e: unknown) => stray.push(e);
  beforeAll(() => {
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
  });
  afterAll(async () => {
    await new Promise((r) => setTimeout(r, 200));
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
    expect(stray).toEqual([]);
  });
}
