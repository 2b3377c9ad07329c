// Shapes of the public API (no login): a commune's posted self-assessment and the recognised communes.
import type { LocalText } from '../../app/format.ts';

export interface PublicCriterion {
  code: string;
  title: LocalText | null;
  points: number;
  max: number;
  provisional: boolean;
}

export interface PublicScore {
  source: 'submission' | 'self_assessment';
  total: number;
  maxTotal: number | null;
  threshold: number | null;
  recognized: boolean;
  complete: boolean;
  provisional: boolean;
  criteria: PublicCriterion[];
}

export interface PublicComment {
  body: string;
  createdAt: string;
  answer: string | null;
  answeredAt: string | null;
}

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
