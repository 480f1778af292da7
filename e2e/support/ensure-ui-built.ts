import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root (this file is e2e/support/ensure-ui-built.ts). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The files the server serves at `/`, `/agent.html`, `/supervisor.html` and `/widget.js`. */
const builtFiles = [
  'packages/web/dist/index.html',
  'packages/web/dist/agent.html',
  'packages/web/dist/supervisor.html',
  'packages/widget/dist/widget.js',
];

/**
 * Builds the widget and the web pages when any output is missing, so a fresh clone's `npm test` works.
 * Must run before the server starts: it only serves dist folders that exist at start-up.
 */
export async function ensureUiBuilt(): Promise<void> {
  if (builtFiles.every((file) => existsSync(join(repoRoot, file)))) return;
  await promisify(execFile)('npm', ['run', 'build'], { cwd: repoRoot, timeout: 180_000 });
  const missing = builtFiles.filter((file) => !existsSync(join(repoRoot, file)));
  if (missing.length > 0) throw new Error(`npm run build did not produce ${missing.join(', ')}`);
}
