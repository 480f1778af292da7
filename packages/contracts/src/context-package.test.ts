import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contextPackageJsonSchema } from './context-package.ts';

const docPath = fileURLToPath(new URL('../../../docs/context-package.schema.json', import.meta.url));

describe('context package JSON Schema', () => {
  it('docs/context-package.schema.json is the schema generated from zod (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(contextPackageJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(docPath, generated);
    expect(readFileSync(docPath, 'utf8')).toBe(generated);
  });

  it('requires the fields an agent relies on', () => {
    const schema = contextPackageJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    for (const f of ['identity', 'transcript', 'summary', 'bridgeMessage', 'reason', 'missing', 'schemaVersion'])
      expect(schema.required).toContain(f);
  });
});
