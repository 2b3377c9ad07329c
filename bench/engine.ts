// 1. The scoring engine in process: score() on validated values, and evaluate() (validation + scoring).
import { evaluate, score } from '../src/core/scoring/engine.ts';
import type { RuleSetDefinition } from '../src/core/rule-sets/schema.ts';
import { seeded } from './random.ts';
import { valueSets, type Values } from './values.ts';
import { heading, int, median, row } from './stats.ts';

export interface EngineResult {
  sets: number;
  score: { perSecond: number; rounds: number[] };
  evaluate: { perSecond: number; rounds: number[] };
  checksum: number;
}

interface Job {
  values: Values;
  category: string;
}

/** Runs `fn` over the jobs round-robin for `millis`, checking the clock every 1,000 calls; returns calls per second. */
function timed(jobs: Job[], millis: number, fn: (job: Job) => number, sink: { sum: number }): number {
  let calls = 0;
  let i = 0;
  const start = performance.now();
  let now = start;
  while (now - start < millis) {
    for (let k = 0; k < 1000; k++) {
      sink.sum += fn(jobs[i]!);
      if (++i === jobs.length) i = 0;
    }
    calls += 1000;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

export function benchEngine(
  def: RuleSetDefinition,
  options: { sets?: number; seed?: number; roundMs?: number; rounds?: number } = {},
): EngineResult {
  const sets = options.sets ?? 4000;
  const roundMs = options.roundMs ?? 1000;
  const rounds = options.rounds ?? 5;
  const rng = seeded(options.seed ?? 20261123);
  const categories = def.categories.map((c) => c.code);
  const jobs: Job[] = valueSets(def, rng, sets).map((values) => ({ values, category: rng.pick(categories) }));
  const version = '1';
  const sink = { sum: 0 };

  const viaScore = (j: Job) => score(def, version, j.category, j.values).total;
  const viaEvaluate = (j: Job) => {
    const e = evaluate(def, version, j.category, j.values);
    if (!e.ok) throw new Error('unexpected validation failure');
    return e.result.total;
  };

  heading('1. Scoring engine in process (single thread)');
  row('value sets (seeded, validated)', `${int(sets)} sets, categories varied`);
  const totals = jobs.map(viaScore);
  const recognized = jobs.filter((j) => score(def, version, j.category, j.values).recognized).length;
  row(
    'spread of totals',
    `min ${Math.min(...totals)}, median ${median(totals)}, max ${Math.max(...totals)}; recognized ${recognized}/${sets}`,
  );

  timed(jobs, 1500, viaScore, sink); // warm-up: let the JIT settle
  const scoreRounds = Array.from({ length: rounds }, () => timed(jobs, roundMs, viaScore, sink));
  timed(jobs, 1000, viaEvaluate, sink);
  const evalRounds = Array.from({ length: rounds }, () => timed(jobs, roundMs, viaEvaluate, sink));

  const result: EngineResult = {
    sets,
    score: { perSecond: median(scoreRounds), rounds: scoreRounds },
    evaluate: { perSecond: median(evalRounds), rounds: evalRounds },
    checksum: sink.sum,
  };
  const fmt = (r: number[]) => r.map((x) => int(x)).join(', ');
  row(
    `score() evaluations/s (median of ${rounds} × ${roundMs / 1000} s)`,
    `${int(result.score.perSecond)}/s  (${(1e6 / result.score.perSecond).toFixed(2)} µs each; rounds ${fmt(scoreRounds)})`,
  );
  row(
    `evaluate() evaluations/s (validate + score)`,
    `${int(result.evaluate.perSecond)}/s  (${(1e6 / result.evaluate.perSecond).toFixed(2)} µs each; rounds ${fmt(evalRounds)})`,
  );
  return result;
}
