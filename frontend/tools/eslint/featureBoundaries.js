// One feature uses another only through its public API, `src/features/<name>/index.ts`
// (STYLE.md, frontend 3): `../../templates` is allowed, `../../templates/api` is not.
//
// ESLint's own no-restricted-imports matches the import text, not the resolved file, so a file
// N folders below its feature's root reaches `src/features/` through exactly N + 1 `../`; one
// entry per depth says which import texts leave the feature for another one's internals.

const MESSAGE = "Import another feature through its index.ts (e.g. '../../templates'), not a file inside it.";
const DEEPEST_FOLDER = 5;

/** An import that names `features/<name>/<more>`: from outside the features, or by going round. */
const throughFeaturesFolder = { regex: '(^|/)features/[^/]+/.', message: MESSAGE };

function restrict(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

const insideFeatures = Array.from({ length: DEEPEST_FOLDER + 1 }, (_, depth) => {
  const ups = '\\.\\./'.repeat(depth + 1);
  return restrict(
    [`src/features/*/${'*/'.repeat(depth)}*.{ts,tsx}`],
    [throughFeaturesFolder, { regex: `^${ups}[^./][^/]*/.`, message: MESSAGE }],
  );
});

export const featureBoundaries = [
  // Test fixtures build each feature's API answers, typed with that feature's own types.
  restrict(['src/**/*.{ts,tsx}'], [throughFeaturesFolder]),
  { files: ['src/testing/**'], rules: { 'no-restricted-imports': 'off' } },
  ...insideFeatures,
];
