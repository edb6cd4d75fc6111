/** Types of scripts/postgres.mjs for the TypeScript that imports it (the benchmarks). */
export declare function pgBinDir(): string | undefined;
export declare function startPostgres(bin: string, opts?: { settings?: Record<string, string | number> }): Promise<{ url: string; stop(): void }>;
