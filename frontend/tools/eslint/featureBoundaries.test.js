// The feature-boundary rule (featureBoundaries.js) rejects what it should and only that, and the
// dashboard's ESLint config applies it. Run by scripts/eslint.sh before ESLint itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { featureBoundaries } from './featureBoundaries.js';

const frontend = fileURLToPath(new URL('../..', import.meta.url));

// The boundary rule alone, on a parser without type information: fast, and files need not exist.
const boundariesOnly = new ESLint({
  cwd: frontend,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...featureBoundaries],
});

async function rejected(file, source) {
  const [result] = await boundariesOnly.lintText(source, { filePath: `${frontend}${file}` });
  assert.deepEqual(result.messages.filter((m) => m.ruleId !== 'no-restricted-imports'), []);
  return result.messages.length > 0;
}

const CASES = [
  // [file, import statement, rejected?]
  ['src/features/generations/components/GenerateForm.tsx', "import { x } from '../../templates';", false],
  ['src/features/generations/components/GenerateForm.tsx', "import { x } from '../../templates/api';", true],
  ['src/features/generations/components/GenerateForm.tsx', "import type { X } from '../../templates/editor/draft';", true],
  ['src/features/generations/components/GenerateForm.tsx', "export { x } from '../../templates/variables';", true],
  ['src/features/generations/components/GenerateForm.tsx', "import { x } from '../api';", false],
  ['src/features/generations/components/GenerateForm.tsx', "import { x } from './detail/OutputSection';", false],
  ['src/features/generations/components/GenerateForm.tsx', "import { x } from '../../../lib/errors';", false],
  ['src/features/generations/useGenerateRun.ts', "import { x } from '../templates';", false],
  ['src/features/generations/useGenerateRun.ts', "import { x } from '../templates/variables';", true],
  ['src/features/generations/useGenerateRun.ts', "import { x } from './components/OutputCard';", false],
  ['src/features/accounts/components/public/SignUpPage.tsx', "import { x } from '../../../providers';", false],
  ['src/features/accounts/components/public/SignUpPage.tsx', "import { x } from '../../../providers/api';", true],
  ['src/features/accounts/components/public/SignUpPage.tsx', "import { x } from '../../api';", false],
  ['src/features/accounts/components/public/SignUpPage.tsx', "import { x } from '../../../../features/providers/api';", true],
  ['src/app/routes.tsx', "import { x } from '../features/templates';", false],
  ['src/app/routes.tsx', "import { x } from '../features/templates/components/TemplatesListPage';", true],
  ['src/main.tsx', "import { x } from './features/templates/api';", true],
  ['src/testing/fixtures.ts', "import type { X } from '../features/templates/types';", false],
];

for (const [file, source, expected] of CASES) {
  test(`${file}: ${source} is ${expected ? 'rejected' : 'allowed'}`, async () => {
    assert.equal(await rejected(file, source), expected);
  });
}

test("the dashboard's config applies the boundary rule to every feature file", async () => {
  const full = new ESLint({ cwd: frontend, overrideConfigFile: 'tools/eslint/eslint.config.js' });
  for (const [file] of CASES.filter(([f]) => f.startsWith('src/features/'))) {
    const config = await full.calculateConfigForFile(file);
    const alone = await boundariesOnly.calculateConfigForFile(file);
    assert.deepEqual(config.rules['no-restricted-imports'], alone.rules['no-restricted-imports'], file);
  }
});
