/**
 * The audit engine for supervisory offices: findings over the filtered corpus (checks, timeliness,
 * coverage gaps, copies), a coverage grid, a documented per-agency score and ranking, and the
 * export rows for rectification notices. Pure: SQL strings in, plain data out.
 */
export * from './findings';
export * from './sql';
export * from './similarity';
export * from './copies';
export * from './coverage';
export * from './timeliness';
export * from './score';
export * from './run';
export * from './print';
