import { defineConfig } from 'vite';

/**
 * Builds the embeddable widget as one classic script (IIFE) at dist/widget.js, which the server serves at
 * `/widget.js`. No code splitting and no CSS file: the styles live inside the Shadow DOM.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: 'src/main.ts',
      name: 'BatonWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
