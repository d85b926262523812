// The dashboard's catalogues (src/i18n/). `extract` rewrites en.json from the code's messages;
// `check` fails when en.json is not what the code says (a message added, changed or removed
// without extracting), when pt-BR.json misses a message, has one the code no longer uses, leaves
// one in English (unless listed in same-in-pt-BR.json: names like "Webhooks" that Brazilian
// Portuguese keeps), or names other placeholders than the English. Plain strings that never went
// through react-intl are ESLint's part (formatjs/no-literal-string-in-jsx).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse, TYPE } from '@formatjs/icu-messageformat-parser';

const I18N = 'src/i18n';
const read = (name) => JSON.parse(readFileSync(join(I18N, name), 'utf8'));

function extract(outFile) {
  const result = spawnSync(
    'node_modules/.bin/formatjs',
    ['extract', 'src/**/*.{ts,tsx}', '--ignore', 'src/**/*.test.{ts,tsx}', '--ignore', 'src/**/*.d.ts', '--out-file', outFile, '--format', 'simple', '--throws'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  const messages = JSON.parse(readFileSync(outFile, 'utf8'));
  const sorted = Object.fromEntries(Object.keys(messages).sort().map((id) => [id, messages[id]]));
  writeFileSync(outFile, `${JSON.stringify(sorted, null, 2)}\n`);
  return sorted;
}

/** The argument names of an ICU message ({count}, {name}...), nested ones included. */
function placeholders(message) {
  const names = new Set();
  const walk = (elements) => {
    for (const element of elements) {
      if (element.type !== TYPE.literal && element.type !== TYPE.pound && element.value) names.add(element.value);
      if (element.options) for (const option of Object.values(element.options)) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(parse(message));
  return [...names].sort().join(',');
}

function check() {
  const problems = [];
  const scratch = mkdtempSync(join(tmpdir(), 'i18n-'));
  let code;
  try {
    code = extract(join(scratch, 'en.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const en = read('en.json');
  const ptBR = read('pt-BR.json');
  const same = new Set(read('same-in-pt-BR.json'));
  for (const id of Object.keys(code)) {
    if (en[id] !== code[id]) problems.push(`en.json: "${id}" is not extracted or out of date (npm run i18n:extract)`);
  }
  for (const id of Object.keys(en)) if (!(id in code)) problems.push(`en.json: "${id}" is no longer in the code (npm run i18n:extract)`);
  for (const [id, english] of Object.entries(code)) {
    const portuguese = ptBR[id];
    if (!portuguese?.trim()) problems.push(`pt-BR.json: "${id}" is missing ("${english}")`);
    else if (portuguese === english && !same.has(id)) problems.push(`pt-BR.json: "${id}" is still English ("${english}")`);
    else if (placeholders(portuguese) !== placeholders(english)) problems.push(`pt-BR.json: "${id}" has placeholders {${placeholders(portuguese)}}, the English {${placeholders(english)}}`);
  }
  for (const id of Object.keys(ptBR)) if (!(id in code)) problems.push(`pt-BR.json: "${id}" is no longer in the code`);
  for (const id of same) if (!(id in code)) problems.push(`same-in-pt-BR.json: "${id}" is no longer in the code`);
  if (problems.length) {
    console.error(problems.join('\n'));
    console.error(`${problems.length} catalogue problem(s).`);
    process.exit(1);
  }
  console.log(`Catalogues complete: ${Object.keys(code).length} messages in en and pt-BR.`);
}

const command = process.argv[2];
if (command === 'extract') extract(join(I18N, 'en.json'));
else if (command === 'check') check();
else {
  console.error('usage: node scripts/i18n.mjs extract|check');
  process.exit(2);
}
