// The register's search without a connection (issue 21): the list's filters applied on the device to the children it
// keeps (the list pages and records this person opened online, as the server gave them), never sending the words
// typed anywhere. Names are compared as the server compares them: without diacritics, a name starting with the words
// typed or a later word of it; a code matches whole.
import { useEffect, useState } from 'react';
import { fold } from '../../../core/text.ts';
import { compareVi } from '../../../core/collation.ts';
import { AGE_BANDS, ageOn } from '../../../core/register/records.ts';
import { recallReadsUnder } from '../../app/offline/reads.ts';
import { todayIso } from '../../ui/dates.ts';
import type { ChildPage, ChildRecord, ChildRow } from './types.ts';

export interface KeptFilter {
  q: string;
  villageId: string;
  ageBand: string;
  group: string;
  includeLeft: boolean;
}

/** A child's record as a row of the list (the record lists the circumstances shown, the row their top groups). */
function rowOfRecord(c: ChildRecord, today: string): ChildRow {
  return {
    id: c.id,
    code: c.code,
    fullName: c.fullName,
    birthDate: c.birthDate,
    age: ageOn(c.birthDate, today),
    sex: c.sex,
    villageId: c.village.id,
    villageName: c.village.name,
    householdCode: c.household.code,
    left: c.diedOn ? 'died' : c.movedOutOn ? 'moved' : null,
    groups: [...new Set((c.circumstances ?? []).filter((x) => !x.endedOn).map((x) => x.group.split('.')[0]!))],
  };
}

/** The children kept on the device for one register, each once (a list row before a record's). */
export function keptRows(
  kept: Array<{ path: string; body: unknown }>,
  listPath: string,
  today: string,
): Map<number, ChildRow> {
  const rows = new Map<number, ChildRow>();
  const records: ChildRecord[] = [];
  for (const { path, body } of kept) {
    const rest = path.slice(listPath.length);
    if (rest === '' || rest.startsWith('?')) {
      for (const r of (body as ChildPage | null)?.rows ?? []) rows.set(r.id, { ...r, age: ageOn(r.birthDate, today) });
    } else if (/^\/\d+$/.test(rest) && body) records.push(body as ChildRecord);
  }
  for (const c of records) if (!rows.has(c.id)) rows.set(c.id, rowOfRecord(c, today));
  return rows;
}

/** The list's filters on the kept rows, in Vietnamese name order. */
export function filterKept(rows: Iterable<ChildRow>, f: KeptFilter, today: string): ChildRow[] {
  const key = fold(f.q);
  const code = f.q.trim();
  const band = AGE_BANDS.find((b) => b.code === f.ageBand);
  return [...rows]
    .filter((r) => {
      if (!f.includeLeft && r.left) return false;
      if (f.villageId && String(r.villageId) !== f.villageId) return false;
      if (f.group && !r.groups.some((g) => g === f.group || g.startsWith(`${f.group}.`))) return false;
      if (band) {
        const age = ageOn(r.birthDate, today);
        if (age < band.from || age >= band.to) return false;
      }
      if (key) {
        const name = fold(r.fullName);
        if (!name.startsWith(key) && !name.includes(` ${key}`) && r.code !== code) return false;
      }
      return true;
    })
    .sort((a, b) => compareVi(a.fullName, b.fullName) || a.id - b.id);
}

/** The filtered kept children when `active` (offline, or the list could not be reached), else null. */
export function useKeptSearch(listPath: string, filter: KeptFilter, active: boolean) {
  const [result, setResult] = useState<{ rows: ChildRow[]; kept: number } | null>(null);
  const { q, villageId, ageBand, group, includeLeft } = filter;
  useEffect(() => {
    if (!active) {
      setResult(null);
      return;
    }
    let live = true;
    const today = todayIso();
    void recallReadsUnder(listPath).then((kept) => {
      if (!live) return;
      const rows = keptRows(kept, listPath, today);
      setResult({
        rows: filterKept(rows.values(), { q, villageId, ageBand, group, includeLeft }, today),
        kept: rows.size,
      });
    });
    return () => {
      live = false;
    };
  }, [listPath, active, q, villageId, ageBand, group, includeLeft]);
  return result;
}
