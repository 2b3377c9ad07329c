// Shapes of the public API (no login): a commune's posted self-assessment, the recognised communes and the
// portal's province pages. They are the server's own contract (type-only: nothing of the server is bundled).
export type {
  PublicComment,
  PublicCommune,
  PublicCriterion,
  PublicEntry,
  PublicFigure,
  PublicItem,
  PublicProvinceList,
  PublicProvincePage,
  PublicScore,
  RecognizedRow,
} from '../../../server/features/public-posting/contracts.ts';
