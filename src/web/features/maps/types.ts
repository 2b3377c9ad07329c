// What the maps API answers: the server's contract (type-only: nothing of the server reaches the bundle).
export type {
  BoundaryLevel,
  ImportPreview,
  ImportRecord,
  MapRegion,
  MapView,
} from '../../../server/features/maps/contracts.ts';
