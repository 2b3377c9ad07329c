// `npm start`: the server with the settings of the environment (src/server/platform/config.ts).
// Imported, not static: a bad setting is then told in its own words, not as an uncaught exception.
try {
  const { serve } = await import('./serve.ts');
  await serve();
} catch (error) {
  if (!(error instanceof Error && error.name === 'ConfigError')) throw error;
  console.error(error.message);
  process.exit(1);
}
