import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run web:dev` proxies the API to: a running `npm start`. */
const stack = process.env.FLEETOPS_STACK_URL ?? 'http://127.0.0.1:3000';

/** Paths the server answers itself; the service worker must never answer them with the app shell. */
const SERVER_PATHS = [/^\/v1\//, /^\/dev\//, /^\/ws/, /^\/health/, /^\/config\.json/, /^\/\.well-known\//];

export default defineConfig({
  root,
  base: '/',
  plugins: [
    preact(),
    VitePWA({
      // The user decides when a new version takes over (the "new version is ready" prompt).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        id: '/',
        name: 'fleetops',
        short_name: 'fleetops',
        description: 'Live fleet alerts for dispatchers, fleet managers, drivers and support agents.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b3d91',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: SERVER_PATHS,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        // Web Push: the push and notificationclick handlers (public/push-sw.js, ADR 0076).
        importScripts: ['/push-sw.js'],
        runtimeCaching: [
          {
            // Where the APIs are: fresh when online, the last copy when offline.
            urlPattern: ({ url }) => url.pathname === '/config.json',
            handler: 'NetworkFirst',
            options: { cacheName: 'runtime-config', networkTimeoutSeconds: 3 },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Budget (≤ 80 KB gzip for the first screen) is asserted by tests/web/bundle-budget.test.ts.
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/v1': stack,
      '/dev': stack,
      '/health': stack,
      '/config.json': stack,
      '/ws': { target: stack.replace(/^http/, 'ws'), ws: true },
    },
  },
});
