// Realistic, varied and valid inputs for one commune: the demo's stories, then every rate jittered.
import { demoValues } from '../src/server/demo/seed.ts';
import type { DemoCommune } from '../src/server/demo/accounts.ts';
import { validateValues } from '../src/core/scoring/validate.ts';
import type { RuleSetDefinition } from '../src/core/rule-sets/schema.ts';
import type { Rng } from './random.ts';

export type Values = Record<string, number | boolean>;

const STORIES: ReadonlyArray<DemoCommune['story']> = [
  'recognized',
  'recognized',
  'recognized',
  'below_threshold',
  'below_threshold',
  'zero_criterion',
];

/** A full set of inputs (every input present) for a commune of 800–9,000 children. */
export function communeValues(rng: Rng): Values {
  const children = rng.int(800, 9000);
  const v = demoValues(rng.pick(STORIES), children);
  const frac = (n: number, lo: number, hi: number) => Math.floor(n * rng.between(lo, hi));
  const under1 = v['pop.under1'] as number;
  const age3to5 = v['pop.age3to5'] as number;
  const under5 = v['C08.weighed'] as number;
  const over7 = v['C09.eligible'] as number;

  v['pop.villages'] = rng.int(4, 24);
  for (const flag of [
    'C01.staff',
    'C01.collaborators',
    'C01.board',
    'C01.budget',
    'C11.forum',
    'C11.answered',
    'C12.playground',
  ])
    v[flag] = rng.chance(0.88);
  v['C02.births'] = under1 + rng.int(-5, 5);
  v['C02.registered'] = Math.max(0, (v['C02.births'] as number) - (rng.chance(0.6) ? 0 : rng.int(1, 8)));
  v['C03.abused'] = rng.chance(0.6) ? 0 : rng.int(1, 4);
  v['C03.supported'] = Math.max(0, (v['C03.abused'] as number) - (rng.chance(0.8) ? 0 : 1));
  v['C04.children'] = rng.chance(0.5) ? 0 : rng.int(1, 6);
  v['C05.injured'] = frac(children, 0.002, 0.009);
  v['C05.deaths'] = rng.chance(0.08) ? 1 : 0;
  v['C06.special'] = rng.int(5, 40);
  v['C06.supported'] = frac(v['C06.special'] as number, 0.75, 1.0001);
  v['C06.cases'] = rng.chance(0.6) ? 0 : rng.int(1, 3);
  v['C06.planned'] = Math.max(0, (v['C06.cases'] as number) - (rng.chance(0.8) ? 0 : 1));
  v['C07.immunized'] = frac(under1, 0.84, 1.0001);
  v['C08.underweight'] = frac(under5, 0.02, 0.16);
  v['C08.stunted'] = frac(under5, 0.05, 0.22);
  v['C09.checked'] = frac(over7, 0.65, 0.99);
  v['C10.attending'] = frac(age3to5, 0.8, 1.0001);
  v['C11.consulted'] = frac(v['C11.eligible'] as number, 0.35, 0.9);
  v['C12.villages'] = frac(v['pop.villages'] as number, 0.3, 1.0001);
  v['C12.events'] = rng.int(0, 5);
  v['C13.respondents'] = rng.int(100, 400);
  v['C13.satisfied'] = frac(v['C13.respondents'] as number, 0.65, 0.99);
  return v;
}

/** `count` value sets, each checked with the engine's own validation so that `score()` sees valid input only. */
export function valueSets(def: RuleSetDefinition, rng: Rng, count: number): Values[] {
  const sets: Values[] = [];
  for (let i = 0; i < count; i++) {
    const v = communeValues(rng);
    const checked = validateValues(def, v, { allowMissing: false });
    if (!checked.ok) throw new Error(`generated invalid values: ${JSON.stringify(checked.issues.slice(0, 3))}`);
    sets.push(v);
  }
  return sets;
}

/** A few changed values for one save (what an officer typically corrects), valid against `base`. */
export function smallChange(base: Values, rng: Rng): Values {
  return {
    'C12.events': rng.int(0, 5),
    'C13.satisfied': Math.floor((base['C13.respondents'] as number) * rng.between(0.6, 1)),
    'C09.checked': Math.floor((base['C09.eligible'] as number) * rng.between(0.6, 1)),
  };
}
