/**
 * drizzle-kit configuration: `npm run db:generate` turns storage/schema.ts into SQL migrations in
 * packages/server/drizzle/, which `migrate()` applies on both PGlite and PostgreSQL.
 * Paths are relative to the repository root, where the script runs.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/server/src/storage/schema.ts',
  out: './packages/server/drizzle',
  strict: true,
});
