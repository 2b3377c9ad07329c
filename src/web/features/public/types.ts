// Shapes of the public API (no login): a commune's posted self-assessment and the recognised communes.
// The score and comment shapes are the server's own (type-only: nothing of the server is bundled).
import type { PublicComment, PublicScore } from '../../../server/features/public-posting/store.ts';

export type { PublicComment, PublicCriterion, PublicScore } from '../../../server/features/public-posting/store.ts';

export interface PublicEntry {
  entryId: number;
  state: string;
  round: { id: number; title: string; year: number };
  posting: { from: string | null; to: string | null; commentsOpen: boolean };
  score: PublicScore | null;
  recognition: { decisionNumber: string; signedOn: string | null } | null;
  comments: PublicComment[];
}

export interface PublicCommune {
  commune: { code: string; name: string; kind: string; current: boolean; provinceCode: string | null; provinceName: string | null };
  today: string;
  entries: PublicEntry[];
}

export interface RecognizedRow {
  communeCode: string;
  communeName: string;
  communeKind: string;
  provinceCode: string;
  provinceName: string;
  year: number;
  roundTitle: string;
  total: number | null;
  decisionNumber: string | null;
  decisionSignedOn: string | null;
}

/** The portal's province list and a province's page for a year (the server's own shapes). */
export type { PublicProvinceList, PublicProvincePage } from '../../../server/features/public-posting/store.ts';
