// The commune's hazard sites per village: its officer and chairman write, a village collaborator writes in their
// own villages only (as in the register, user_role.village_id), officials of its province read. Every write is
// one transaction with its audit row; a refusal names the field and the value, and nothing is stored.
import type { Kysely, Selectable } from 'kysely';
import { byVi } from '../../../core/collation.ts';
import {
  checkHazardSite,
  hazardCounts,
  hazardState,
  inFilter,
  type HazardFilter,
  type HazardIssue,
} from '../../../core/hazards/sites.ts';
import { registerRole, villageLimit } from '../../../core/privacy/policy.ts';
import type { HazardKind } from '../../../core/reports/statistics.ts';
import type { Database, HazardSiteTable } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { Refusal, forbidden, notFound, phrase } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { actsForCommune, loadCommune, readsProvince, viewerOf } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import type { HazardSite, HazardSiteInput, HazardSiteList } from './contracts.ts';

export interface HazardContext {
  userId: number;
  communeId: number;
  provinceId: number;
  /** Villages the user may see and write in: null = the whole commune; [] = none (reads only). */
  villages: number[] | null;
  /** Whether the user writes at all (officer, chairman, collaborator). */
  writes: boolean;
  ip?: string;
}

/** The commune's hazard list as this user may use it; anyone else gets 403 whatever the data. */
export async function hazardContext(
  db: Kysely<Database>,
  user: SessionUser | null,
  communeId: number,
  ip?: string,
): Promise<HazardContext> {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const { provinceId } = await loadCommune(db, communeId);
  const base = { userId: user.id, communeId, provinceId, ip };
  if (actsForCommune(user, communeId)) return { ...base, villages: null, writes: true };
  const viewer = viewerOf(user);
  if (registerRole(viewer, communeId) === 'collaborator')
    return { ...base, villages: villageLimit(viewer, communeId), writes: true };
  if (readsProvince(user, provinceId)) return { ...base, villages: null, writes: false };
  throw forbidden();
}

const mayWriteIn = (ctx: HazardContext, villageId: number) =>
  ctx.writes && (ctx.villages === null || ctx.villages.includes(villageId));
const maySee = (ctx: HazardContext, villageId: number) => ctx.villages === null || ctx.villages.includes(villageId);

/** Issues as the API's 400: each names the field (translated) and the value. */
function issuesError(issues: HazardIssue[]): Refusal {
  return new Refusal(
    'invalid',
    'hazards:error.invalid',
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`hazards:issue.${i.code}`, {
        ...i.params,
        field: phrase(`hazards:field.${i.field}`),
        value: i.value ?? '',
        other: i.params?.other ? phrase(`hazards:field.${i.params.other}`) : '',
      }),
    })),
  );
}

type SiteRow = Selectable<HazardSiteTable> & { village_name: string };

const siteQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('hazard_site as h')
    .innerJoin('village as v', 'v.id', 'h.village_id')
    .selectAll('h')
    .select('v.name as village_name');

function siteView(ctx: HazardContext, r: SiteRow, today: string): HazardSite {
  const dates = { foundOn: r.found_on, fencedOn: r.fenced_on, signpostedOn: r.signposted_on, fixedOn: r.fixed_on };
  return {
    id: r.id,
    village: { id: r.village_id, name: r.village_name },
    kind: r.kind,
    place: r.place,
    description: r.description,
    responsible: r.responsible,
    ...dates,
    note: r.note,
    state: hazardState(dates, today),
    canWrite: mayWriteIn(ctx, r.village_id),
  };
}

export interface HazardFilters {
  villageId?: number;
  state?: HazardFilter;
  kind?: HazardKind;
}

/** The sites the user sees, by village (Vietnamese order) then place; counts over the villages asked for. */
export async function listSites(
  db: Kysely<Database>,
  ctx: HazardContext,
  filters: HazardFilters = {},
): Promise<HazardSiteList> {
  const today = todayInVietnam();
  const villages = (
    await db.selectFrom('village').select(['id', 'name']).where('unit_id', '=', ctx.communeId).execute()
  )
    .filter((v) => maySee(ctx, v.id))
    .sort(byVi((v) => v.name));
  const rows = await siteQuery(db)
    .where('h.unit_id', '=', ctx.communeId)
    .$if(ctx.villages !== null, (q) => q.where('h.village_id', 'in', [...(ctx.villages ?? []), 0]))
    .$if(filters.villageId !== undefined, (q) => q.where('h.village_id', '=', filters.villageId!))
    .$if(filters.kind !== undefined, (q) => q.where('h.kind', '=', filters.kind!))
    .limit(5000)
    .execute();
  const sites = rows
    .map((r) => siteView(ctx, r, today))
    .sort((a, b) => byVi((s: HazardSite) => s.village.name)(a, b) || byVi((s: HazardSite) => s.place)(a, b));
  return {
    asOf: today,
    canWrite: ctx.writes && villages.length > 0,
    villages: villages.map((v) => ({ id: v.id, name: v.name, writable: mayWriteIn(ctx, v.id) })),
    counts: hazardCounts(sites, today),
    sites: filters.state ? sites.filter((s) => inFilter(s.state, filters.state!)) : sites,
  };
}

async function readSite(db: Kysely<Database>, ctx: HazardContext, siteId: number): Promise<HazardSite> {
  const row = await siteQuery(db).where('h.id', '=', siteId).where('h.unit_id', '=', ctx.communeId).executeTakeFirst();
  if (!row || !maySee(ctx, row.village_id)) throw notFound('hazard_site', siteId);
  return siteView(ctx, row, todayInVietnam());
}

/** The fields checked, and the village one of the commune's that this user writes in. */
/** The row's columns from a checked site. */
function columnsOf(v: Awaited<ReturnType<typeof checked>>) {
  return {
    village_id: v.villageId,
    kind: v.kind,
    place: v.place,
    description: v.description,
    responsible: v.responsible,
    found_on: v.foundOn,
    fenced_on: v.fencedOn,
    signposted_on: v.signpostedOn,
    fixed_on: v.fixedOn,
    note: v.note,
  };
}

async function checked(db: Kysely<Database>, ctx: HazardContext, input: Record<string, unknown>) {
  const result = checkHazardSite(input, todayInVietnam());
  if (!result.ok) throw issuesError(result.issues);
  const v = result.value;
  const village = await db
    .selectFrom('village')
    .select('id')
    .where('id', '=', v.villageId)
    .where('unit_id', '=', ctx.communeId)
    .executeTakeFirst();
  if (!village) throw issuesError([{ field: 'villageId', value: v.villageId, code: 'unknown_village' }]);
  if (!mayWriteIn(ctx, v.villageId)) throw new Refusal('forbidden', 'hazards:error.other_village');
  return v;
}

/** Adds a site to the list; answers it as it now reads. */
export async function createSite(
  db: Kysely<Database>,
  ctx: HazardContext,
  input: HazardSiteInput,
): Promise<HazardSite> {
  if (!ctx.writes) throw new Refusal('forbidden', 'hazards:error.read_only');
  const v = await checked(db, ctx, input);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('hazard_site')
      .values({
        ...columnsOf(v),
        unit_id: ctx.communeId,
        province_id: ctx.provinceId,
        created_by: ctx.userId,
        updated_by: ctx.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create_hazard_site',
      entity: 'hazard_site',
      entityId: id,
      after: v,
      ip: ctx.ip,
    });
    return id;
  });
  return readSite(db, ctx, id);
}

/** Changes the fields given (the others stay); a collaborator changes only sites of their villages, and keeps them there. */
export async function updateSite(
  db: Kysely<Database>,
  ctx: HazardContext,
  siteId: number,
  input: HazardSiteInput,
): Promise<HazardSite> {
  if (!ctx.writes) throw new Refusal('forbidden', 'hazards:error.read_only');
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('hazard_site')
      .selectAll()
      .where('id', '=', siteId)
      .where('unit_id', '=', ctx.communeId)
      .forUpdate()
      .executeTakeFirst();
    if (!before || !maySee(ctx, before.village_id)) throw notFound('hazard_site', siteId);
    if (!mayWriteIn(ctx, before.village_id)) throw new Refusal('forbidden', 'hazards:error.other_village');
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const v = await checked(trx, ctx, {
      villageId: before.village_id,
      kind: before.kind,
      place: before.place,
      description: before.description,
      responsible: before.responsible,
      foundOn: before.found_on,
      fencedOn: before.fenced_on,
      signpostedOn: before.signposted_on,
      fixedOn: before.fixed_on,
      note: before.note,
      ...given,
    });
    await trx
      .updateTable('hazard_site')
      .set({
        ...columnsOf(v),
        updated_by: ctx.userId,
        updated_at: new Date(),
      })
      .where('id', '=', siteId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update_hazard_site',
      entity: 'hazard_site',
      entityId: siteId,
      before,
      after: v,
      ip: ctx.ip,
    });
  });
  return readSite(db, ctx, siteId);
}
