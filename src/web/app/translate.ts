// The engine's explain functions take a plain translate function; this adapts react-i18next's.
import type { TFunction } from 'i18next';
import type { Translate } from '../../core/scoring/explain.ts';

export const tr =
  (t: TFunction): Translate =>
  (key, params) =>
    String(t(key, params as never));
