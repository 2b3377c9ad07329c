// Criterion inputs of children's participation (C11) and play (C12) from the forums, consultations and
// events a commune recorded in a period. Communes with nothing recorded are absent from the map.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PeriodRange } from '../register/index.ts';

export interface ForumInputs {
  /** At least one forum or consultation held in the period. */
  'C11.forum': boolean;
  /** Every recommendation of the period's forums answered on or before the period's end (and a forum held). */
  'C11.answered': boolean;
  /** Children taking part in the period's forums and consultations, all age bands. */
  'C11.consulted': number;
  /** Events held for children in the period. */
  'C12.events': number;
}

export async function forumInputs(
  db: Kysely<Database>,
  communeIds: number[],
  period: PeriodRange,
): Promise<Map<number, ForumInputs>> {
  const out = new Map<number, ForumInputs>();
  if (!communeIds.length) return out;
  const { startsOn, endsOn } = period;
  const entry = (unitId: number) => {
    let e = out.get(unitId);
    if (!e) out.set(unitId, (e = { 'C11.forum': false, 'C11.answered': false, 'C11.consulted': 0, 'C12.events': 0 }));
    return e;
  };

  const forums = await db
    .selectFrom('child_forum as f')
    .select((eb) => [
      'f.unit_id',
      eb.fn.countAll<string>().as('forums'),
      sql<string>`coalesce(sum(f.boys_under11 + f.girls_under11 + f.boys_11to15 + f.girls_11to15 + f.boys_16to17 + f.girls_16to17), 0)`.as(
        'consulted',
      ),
      sql<string>`(SELECT count(*) FROM forum_recommendation r JOIN child_forum g ON g.id = r.forum_id
        WHERE g.unit_id = f.unit_id AND g.held_on BETWEEN ${startsOn} AND ${endsOn}
          AND (r.answered_on IS NULL OR r.answered_on > ${endsOn}))`.as('unanswered'),
    ])
    .where('f.unit_id', 'in', communeIds)
    .where('f.held_on', '>=', startsOn)
    .where('f.held_on', '<=', endsOn)
    .groupBy('f.unit_id')
    .execute();
  for (const f of forums) {
    const e = entry(f.unit_id);
    e['C11.forum'] = Number(f.forums) > 0;
    e['C11.answered'] = Number(f.forums) > 0 && Number(f.unanswered) === 0;
    e['C11.consulted'] = Number(f.consulted);
  }

  const events = await db
    .selectFrom('child_event')
    .select((eb) => ['unit_id', eb.fn.countAll<string>().as('events')])
    .where('unit_id', 'in', communeIds)
    .where('held_on', '>=', startsOn)
    .where('held_on', '<=', endsOn)
    .groupBy('unit_id')
    .execute();
  for (const ev of events) entry(ev.unit_id)['C12.events'] = Number(ev.events);
  return out;
}
