// The dashboard a caller asked for: access first, then the (cached) figures, and the workbook of them.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forbidden } from '../../platform/refusal.ts';
import type { Locale } from '../../../i18n/index.ts';
import { actsForCommune, loadCommune, readsNation, readsProvince, requireRole, requireUser } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { today } from '../rounds/index.ts';
import { cachedAnswer, cachedNationAnswer } from './cache.ts';
import type { Dashboard } from './contracts.ts';
import { nationFromParts } from './parts.ts';
import { LIST_LIMIT, loadProvince, readDashboard, resolvePeriod, type Scope } from './store.ts';
import { writeDashboardWorkbook } from './workbook.ts';

/** Checks access first (so an outsider learns nothing about the period). */
async function scoped(
  db: Kysely<Database>,
  user: SessionUser | null,
  level: Scope['level'],
  id: number | undefined,
): Promise<Scope> {
  // The ministry (and the administrator) read every level's aggregates; the dashboards show no child.
  if (level === 'nation') {
    requireRole(user, 'ministry_official', 'system_admin');
    return { level };
  }
  const u = requireUser(user);
  if (level === 'province') {
    await loadProvince(db, id!);
    if (!readsProvince(u, id!) && !readsNation(u)) throw forbidden();
    return { level, id: id! };
  }
  const c = await loadCommune(db, id!);
  if (!actsForCommune(u, c.id) && !readsProvince(u, c.provinceId) && !readsNation(u)) throw forbidden();
  return { level, id: c.id };
}

export interface DashboardRequest {
  level: Scope['level'];
  /** The province or commune; none for the nation. */
  id?: number;
  periodId: number | undefined;
}

/**
 * The dashboard of a level for a caller. The page gets the lists capped (store.ts LIST_LIMIT); the workbook
 * (`full`) gets every row. Timeliness depends on the day, so the day is part of the cache key.
 */
export async function dashboardFor(
  db: Kysely<Database>,
  user: SessionUser | null,
  ask: DashboardRequest,
  full = false,
): Promise<Dashboard> {
  const scope = await scoped(db, user, ask.level, ask.id);
  const { periodId } = ask;
  const day = today();
  const unit = scope.level === 'nation' ? '' : scope.id;
  const key = `dashboard|${scope.level}|${unit}|${periodId ?? 'latest'}|${full ? 'full' : 'capped'}|${day}`;
  // The national page from cached per-province parts: after a save only that province's part is computed.
  if (scope.level === 'nation' && !full)
    return cachedNationAnswer(db, key, async (snapshot) =>
      nationFromParts(db, snapshot, await resolvePeriod(db, periodId), day, LIST_LIMIT),
    );
  const compute = async () => readDashboard(db, scope, await resolvePeriod(db, periodId), day, { full });
  return cachedAnswer(db, scope, key, compute, { full });
}

/** The dashboard in full as an .xlsx workbook in the caller's language, with its file name. */
export async function dashboardWorkbookFor(
  db: Kysely<Database>,
  user: SessionUser | null,
  ask: DashboardRequest,
  locale: Locale,
): Promise<{ name: string; data: Buffer }> {
  const d = await dashboardFor(db, user, ask, true);
  const name = `bang-dieu-khien-${d.level}${d.unit ? `-${d.unit.code}` : ''}-${d.period.year}.xlsx`;
  return { name, data: await writeDashboardWorkbook(d, locale) };
}
