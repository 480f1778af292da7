import type { Page } from 'playwright-core';

/** Where to look for a message: the document, or the open shadow root of a host element (the widget). */
export interface ArrivalTarget {
  shadowHost?: string;
  selector: string;
  text: string;
  timeoutMs: number;
}

/*
 * Runs in the page (a string, because this package has no DOM types): a MutationObserver resolves with the
 * browser's Date.now() as soon as an element matching `selector` contains `text`. Browser and test run on
 * the same machine and clock, so the difference with the sender's Date.now() is the end-to-end latency.
 */
const ARM = `(args) => {
  const root = args.shadowHost ? document.querySelector(args.shadowHost).shadowRoot : document;
  const found = () => Array.from(root.querySelectorAll(args.selector)).some((el) => (el.textContent || '').includes(args.text));
  window.__batonArrival = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!found()) return;
      const at = Date.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('timed out waiting for ' + JSON.stringify(args.text)));
    }, args.timeoutMs);
    if (found()) reject(new Error('text was already on screen before sending: ' + JSON.stringify(args.text)));
  });
  window.__batonArrival.catch(() => undefined);
}`;

/**
 * Arms an observer in `page` for a message that is about to be sent; returns a function that waits for it
 * and gives the wall-clock time (ms since epoch) it was put on screen.
 */
export async function armArrivalClock(page: Page, target: ArrivalTarget): Promise<() => Promise<number>> {
  await page.evaluate(`(${ARM})(${JSON.stringify(target)})`);
  return () => page.evaluate<number>('window.__batonArrival');
}
