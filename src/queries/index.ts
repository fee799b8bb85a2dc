/** The SQL builders, one module per question the UI asks. All pure: filters and ids in, SQL text out. */
export * from './filters';
export * from './metrics';
export * from './overview';
export * from './compare';
export * from './requests';
export * from './review';
export * from './disclosure';
export * from './agency';
export * from './corpus';
export { sqlIdent, sqlString } from './sql';
