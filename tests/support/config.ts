// Tests change a setting here instead of in process.env: the server parses its environment once, at
// start-up (src/server/platform/config.ts). Settings read while the app is built (rate limits) must be set
// before buildApp; the others are read when used.
import { config, type Config } from '../../src/server/platform/config.ts';

/** Sets some settings for this test file's process; returns a function that puts the old values back. */
export function setConfig(patch: Partial<Config>): () => void {
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, config[k as keyof Config]])) as Partial<Config>;
  Object.assign(config, patch);
  return () => Object.assign(config, before);
}
