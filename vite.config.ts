import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { corpusPlugin } from './scripts/vite-plugin-corpus.mjs';
import { pdfjsAssetsPlugin } from './scripts/vite-plugin-pdfjs.mjs';

export default defineConfig({
  plugins: [react(), corpusPlugin(), pdfjsAssetsPlugin()],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4173), strictPort: true },
});
