import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** One failed axe rule, trimmed to what a test failure message needs. */
export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2 A/AA rules) in the page, including open shadow roots such as the widget's, and
 * returns the violations. axe is injected inline: the page's context needs `bypassCSP: true` (the server's
 * Content-Security-Policy allows only its own scripts). `context` is an axe context (CSS selector); the whole document when absent.
 */
export async function auditAccessibility(page: Page, context?: string): Promise<AccessibilityViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const script = `axe.run(${context ? JSON.stringify(context) : 'document'}, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }).then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5),
    })))`;
  return page.evaluate<AccessibilityViolation[]>(script);
}

/** The violations that block use (axe impact serious or critical). */
export function blocking(violations: AccessibilityViolation[]): AccessibilityViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
