/** Types of scripts/vite-plugin-pdfjs.mjs for vite.config.ts. */
import type { Plugin } from 'vite';
export declare const PDFJS_ASSET_DIRS: readonly string[];
export declare const PDFJS_BASE: string;
export declare function pdfjsAssetsPlugin(): Plugin;
