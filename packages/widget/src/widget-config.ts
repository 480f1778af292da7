/** What the embedding page can set on the script tag (all optional). */
export interface WidgetConfig {
  /** Origin of the Baton server, e.g. `https://support.example.com`; derived from the script's own src. */
  serverUrl: string;
  /** Panel heading, `data-title`. */
  title: string;
  /** Accent colour for the launcher, header and the customer's bubbles, `data-color`. */
  color: string;
  /** Known customer, `data-customer-name` / `data-customer-email`; sent when the conversation is created. */
  customerName: string | undefined;
  customerEmail: string | undefined;
  /** Language tag sent with the conversation, `data-language` (default `en`). */
  language: string;
  /** Corner of the viewport, `data-position="left"` (default right). */
  position: 'left' | 'right';
  /** AI disclosure shown at the start, `data-disclosure`; a built-in text in the conversation's language otherwise. */
  disclosure: string | undefined;
  /** The recording consent question, `data-consent`; built-in text otherwise. */
  consentQuestion: string | undefined;
}

const DEFAULT_COLOR = '#2f5d8a';
const DEFAULT_TITLE = 'Chat with us';

/**
 * Finds the script tag that loaded the widget. `document.currentScript` is set while a classic script
 * (async or not) runs; the selector is the fallback when the bundle is evaluated some other way.
 */
export function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const all = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return all.length > 0 ? (all[all.length - 1] ?? null) : null;
}

/** Reads the widget's configuration from its script tag; falls back to the page's own origin. */
export function readWidgetConfig(script: HTMLScriptElement | null): WidgetConfig {
  const data = script?.dataset ?? {};
  const src = script?.src;
  const serverUrl = data.server ?? (src ? new URL(src, document.baseURI).origin : window.location.origin);
  return {
    serverUrl: serverUrl.replace(/\/+$/, ''),
    title: nonEmpty(data.title) ?? DEFAULT_TITLE,
    color: validColor(data.color) ?? DEFAULT_COLOR,
    customerName: nonEmpty(data.customerName),
    customerEmail: nonEmpty(data.customerEmail),
    language: nonEmpty(data.language) ?? 'en',
    position: data.position === 'left' ? 'left' : 'right',
    disclosure: nonEmpty(data.disclosure, 600),
    consentQuestion: nonEmpty(data.consent, 600),
  };
}

function nonEmpty(value: string | undefined, max = 200): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
}

/** Only values the browser accepts as a colour reach the stylesheet, so the attribute cannot inject CSS. */
function validColor(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return typeof CSS !== 'undefined' && CSS.supports('color', value) ? value : undefined;
}
