/**
 * Widget first render in a real browser: from the moment the page starts fetching `widget.js` to the first
 * animation frame in which the launcher button is laid out (non-zero size) inside the widget's shadow root.
 *
 *   npx tsx bench/widget-render.ts [--runs 15] [--warmup 2] [--throttle 1] [--out FILE]
 *
 * Each run is a fresh browser context (empty cache, no stored session) on a bare host page served from the
 * Baton server's origin (the script tag as a customer would paste it), against the built widget
 * (`npm run build -w @baton/widget`). Chromium is Debian's (/usr/bin/chromium), headless, loopback only.
 * The first `--warmup` runs are not counted (the server's first requests compile its code paths).
 * `--throttle N` slows the CPU N× through the DevTools protocol (4 ≈ a mid-range phone).
 *
 * Figures (ms, median / p90 over the runs): `fetch_to_visible` (fetch start → launcher visible),
 * `exec_to_visible` (script downloaded → launcher visible: parse, run, build the DOM, first layout), and the
 * bundle size as served (bytes, and gzip).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startServer } from '@baton/server';
import { launchChromium } from '../e2e/support/launch-chromium.ts';
import { ensureUiBuilt, repoRoot } from '../e2e/support/ensure-ui-built.ts';

const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Widget render bench</title></head>
<body><main><h1>Shop</h1><p>A host page with nothing else on it.</p></main>
<script src="/widget.js" data-title="Northwind Outfitters" async></script>
</body></html>`;

/*
 * Installed before any page script: waits for the widget host, then for its launcher to have a size, and
 * records the first animation frame after that (performance.now(), same clock as resource timings).
 */
const WATCH = `(() => {
  window.__batonVisible = new Promise((resolve) => {
    const check = () => {
      const host = document.getElementById('baton-chat-widget');
      const launcher = host && host.shadowRoot && host.shadowRoot.querySelector('.launcher');
      if (!launcher) return false;
      const box = launcher.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      requestAnimationFrame(() => resolve(performance.now()));
      return true;
    };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true });
  });
})();`;

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
const round = (n: number): number => Math.round(n * 10) / 10;

export const runWidgetRenderBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '2' },
      throttle: { type: 'string', default: '1' },
    },
    strict: false,
  });
  const runs = Math.max(1, Number(values.runs));
  const warmup = Math.max(0, Number(values.warmup));
  const throttle = Math.max(1, Number(values.throttle));
  await ensureUiBuilt();
  const bundle = readFileSync(join(repoRoot, 'packages/widget/dist/widget.js'));
  const server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: false, logLevel: 'warn' });
  const browser = await launchChromium();
  const fetchToVisible: number[] = [];
  const execToVisible: number[] = [];
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await context.route('**/bench-host.html', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: HOST_PAGE }),
      );
      await context.addInitScript({ content: WATCH });
      const page = await context.newPage();
      if (throttle > 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      }
      await page.goto('/bench-host.html');
      const visibleAt = await page.evaluate<number>('window.__batonVisible');
      const timing = await page.evaluate<{ startTime: number; responseEnd: number } | null>(`(() => {
        const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/widget.js'));
        return e ? { startTime: e.startTime, responseEnd: e.responseEnd } : null;
      })()`);
      if (timing === null) throw new Error('widget.js was not fetched');
      await context.close();
      if (i < warmup) continue;
      fetchToVisible.push(visibleAt - timing.startTime);
      execToVisible.push(visibleAt - timing.responseEnd);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const summary = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { median_ms: round(quantile(sorted, 0.5)), p90_ms: round(quantile(sorted, 0.9)) };
  };
  return {
    runs,
    warmup,
    cpu_throttle: throttle,
    bundle_bytes: bundle.length,
    bundle_gzip_bytes: gzipSync(bundle).length,
    fetch_to_visible: summary(fetchToVisible),
    exec_to_visible: summary(execToVisible),
  };
};

// Run directly: `npx tsx bench/widget-render.ts`.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: false });
  const figures = await runWidgetRenderBench(process.argv.slice(2));
  const json = JSON.stringify(
    { benchmark: 'widget-render', date: new Date().toISOString(), node: process.version, ...figures },
    null,
    2,
  );
  process.stdout.write(`${json}\n`);
  if (typeof values.out === 'string') {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.out, `${json}\n`);
  }
}
