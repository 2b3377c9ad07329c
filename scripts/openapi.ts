// Writes the OpenAPI document the server serves (GET /api/openapi.json) to a file or stdout, without a database server.
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/server/db/database.ts';
import { buildApp } from '../src/server/app.ts';

const database = await openDatabase({ dataDir: 'memory' });
const app = await buildApp(database, { serveWeb: false });
await app.ready();
const doc = JSON.stringify(app.swagger(), null, 2);
if (process.argv[2]) writeFileSync(process.argv[2], doc + '\n');
else process.stdout.write(doc + '\n');
await app.close();
await database.close();
