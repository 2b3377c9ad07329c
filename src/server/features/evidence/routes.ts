import type { FastifyInstance } from 'fastify';

// Filled in by its feature; registered by app.ts.
export async function evidenceRoutes(_app: FastifyInstance) {}
