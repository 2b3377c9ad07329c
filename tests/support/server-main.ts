// src/server/main.ts with the crash tests' delay on the database (tests/support/delay.ts): the same serve()
// the real entry runs, started by tests/support/process.ts when CFC_TEST_DELAY_TABLE is set.
import { serve } from '../../src/server/serve.ts';
import { delayFromEnv } from './delay.ts';

const delay = delayFromEnv();
await serve({ databasePlugins: delay ? [delay] : [] });
