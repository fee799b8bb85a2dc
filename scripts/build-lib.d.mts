/** Types of scripts/build-lib.mjs for the TypeScript tests that call it. */
export declare const REPO_ROOT: string;
export declare function buildReason(root?: string): string | null;
export declare function ensureCorpus(root?: string): boolean;
export declare function embedCorpus(root?: string, outDir?: string): boolean;
export declare function ensureBuilt(root?: string, opts?: { force?: boolean }): string | null;
export declare function writeBuildStamp(outDir: string, nodeEnv?: string): void;
