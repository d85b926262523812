// ESLint for the dashboard (`npm run lint` in frontend/, and so `make lint`). It lives in its own
// package because typescript-eslint needs TypeScript's compiler API, which TypeScript 7 (the
// dashboard's compiler) does not have: this package pins TypeScript 6 for the parser alone.
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import formatjs from 'eslint-plugin-formatjs';
import { defineConfig, globalIgnores } from 'eslint/config';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { featureBoundaries } from './featureBoundaries.js';

// Text a person reads goes through react-intl (src/i18n/, `npm run i18n:check`): a literal string in
// JSX, or in a prop that is shown or read aloud, fails. Product names and codes come from constants.
const SHOWN_PROPS = '{label,placeholder,title,helperText,subtitle,primary,secondary,alt,aria-label,aria-description,emptyText,message,description,tooltip}';
// Folders whose screens are not translated yet; each is removed from here as it is.
const NOT_YET_TRANSLATED = [
  'src/components/**',
  'src/features/accounts/**',
  'src/features/providers/**',
  'src/features/settings/**',
  'src/app/routes.tsx',
];

const frontend = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig([
  { basePath: frontend },
  globalIgnores(['dist/', 'e2e/results/', 'tools/', 'src/lib/schema.d.ts'], 'generated or installed'),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked, reactHooks.configs.flat.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: frontend },
      globals: globals.browser,
    },
    rules: {
      // React ignores what an event handler returns, so an async handler is fine as a prop; each
      // one awaits inside try/catch and shows the error (no-floating-promises still checks them).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // react-router's navigate() settles with the navigation, whose errors the routes render.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    extends: [jsxA11y.flatConfigs.recommended],
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/testing/**'],
    plugins: { formatjs },
    rules: {
      'formatjs/enforce-default-message': ['error', 'literal'],
      'formatjs/enforce-placeholders': 'error',
      'formatjs/enforce-plural-rules': ['error', { one: true, other: true }],
      'formatjs/no-invalid-icu': 'error',
      'formatjs/no-multiple-whitespaces': 'error',
      'formatjs/prefer-pound-in-plural': 'error',
    },
  },
  {
    files: ['src/**/*.tsx'],
    ignores: ['src/**/*.test.tsx', 'src/testing/**', ...NOT_YET_TRANSLATED],
    plugins: { formatjs },
    rules: { 'formatjs/no-literal-string-in-jsx': ['error', { props: { include: [['*', SHOWN_PROPS]] } }] },
  },
  {
    files: ['e2e/**/*.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
  },
  ...featureBoundaries,
]);
