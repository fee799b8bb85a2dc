/** Types of scripts/vite-plugin-corpus.mjs for vite.config.ts. */
import type { Plugin } from 'vite';
export declare function corpusPlugin(root?: string): Plugin;
