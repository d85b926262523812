/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Django server the dev server proxies to (`make run` serves it on 127.0.0.1:8000).
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  // Django serves the build at `/`: index.html from a catch-all view, `/assets/*` through WhiteNoise.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/admin': { target: backend, changeOrigin: true },
      '/static': { target: backend, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/testing/setup.ts'],
    css: false,
    include: ['src/**/*.test.{ts,tsx}'],
    // A deadline, not a wait: tests wait for state (see src/testing/setup.ts); above the 60 s
    // `findBy` deadline so that a stuck screen fails with the query's message, not a timeout.
    testTimeout: 180_000,
    // jsdom + MUI is memory-hungry; two workers suit a two-core machine.
    maxWorkers: 2,
  },
});
