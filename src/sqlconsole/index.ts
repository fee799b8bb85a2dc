/** The SQL console's pure core: the read-only guard, the guarded runner, worked examples and completion. */
export * from './guard';
export * from './run';
export * from './examples';
export * from './completion';
