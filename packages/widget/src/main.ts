import { findOwnScript, readWidgetConfig } from './widget-config.ts';
import { WidgetController } from './widget-controller.ts';

/**
 * Entry of the embeddable widget: `<script src="https://host/widget.js" async></script>`. The script tag
 * must be read now (currentScript is only set while this runs); mounting waits for <body>.
 */
const config = readWidgetConfig(findOwnScript());

function mount(): void {
  if (document.getElementById('baton-chat-widget')) return;
  new WidgetController(config).mount(document.body);
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
