// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Modules that must stay pure: no React, no state store, no database, no file system, no DOM globals. */
const PURE = ['src/model/**', 'src/ingest/**', 'src/checks/**', 'src/queries/**', 'src/charts/*/option.ts'];
const IMPURE_IMPORTS = [
  { name: 'react', message: 'Pure modules must not import React.' },
  { name: 'zustand', message: 'Pure modules must not import the store.' },
  { name: 'fs', message: 'Pure modules must not touch the file system.' },
  { name: 'node:fs', message: 'Pure modules must not touch the file system.' },
  { name: 'node:fs/promises', message: 'Pure modules must not touch the file system.' },
  { name: 'node:path', message: 'Pure modules must not depend on Node.' },
  { name: '@duckdb/duckdb-wasm', message: 'Pure modules must not import DuckDB.' },
  { name: '@duckdb/node-api', message: 'Pure modules must not import DuckDB.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: PURE,
    rules: {
      'no-restricted-imports': ['error', { paths: IMPURE_IMPORTS, patterns: ['react-dom*', '**/store/**', '**/db/**', '**/views/**'] }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'fetch'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
