import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev -w @baton/web` sends API, WebSocket and widget requests (a running `npm start`). */
const devServer = process.env.BATON_URL ?? 'http://127.0.0.1:3000';

/**
 * Three pages: `index.html` is the demo page (store + widget on the left, agent workspace on the right),
 * `agent.html` the agent workspace and `supervisor.html` the supervisor console. The server serves dist/ at `/`.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        agent: resolve(import.meta.dirname, 'agent.html'),
        supervisor: resolve(import.meta.dirname, 'supervisor.html'),
      },
    },
  },
  server: {
    proxy: {
      '/v1': { target: devServer, ws: true, changeOrigin: true },
      '/widget.js': { target: devServer, changeOrigin: true },
    },
  },
});
