// The dashboard's load, measured in Debian's Chromium (`make bench-dashboard`): the app served as
// the end-to-end tests serve it (e2e/serve.sh: demo data, a real worker), each screen opened
// ROUNDS times on a cold cache (a new browser context) and reached ROUNDS times by the navigation
// menu from the dashboard, to the moment it is interactive: its heading is shown and no loading
// state is left in the page (no spinner, no chart placeholder waiting for its code). The JavaScript
// of the first page is counted as sent gzipped (zlib at its default level, as nginx or WhiteNoise
// would send it): what it loads before it shows its screen (initial), then what the screen fetches
// once open (its charts). Results go to benchmarks/dashboard.md.
//
// BASELINE_DIST=<another build's dist/> compares this build with that one instead: each screen's
// cold loads alternate between the two on one server (the baseline's hashed assets copied beside
// this build's, index.html swapped before each load), and the p50s and their ratio are printed;
// benchmarks/dashboard.md is left as it is.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';

import { chromium } from '@playwright/test';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BASELINE_DIST = process.env.BASELINE_DIST;
// [name, path, reached from the navigation menu]
const SCREENS = [
  ['Dashboard', '/', false],
  ['Templates', '/templates', true],
  ['Template editor', '/templates/1', false],
  ['Generate', '/generate', true],
  ['History', '/history', true],
  ['Batches', '/batches', true],
  ['Content', '/content', true],
  ['Analytics', '/analytics', true],
  ['Settings', '/settings', true],
  ['Profile', '/profile', false],
];
const login = { email: 'admin@example.com', password: 'admin12345' };

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(base) {
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values) => Math.max(...values);

/**
 * Milliseconds from `action` to the screen being interactive: a heading in main, no loading state
 * (a spinner, or a placeholder busy while its code loads: a lazy chart).
 */
async function timeToInteractive(page, action) {
  const start = Date.now();
  await action();
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return (
      Boolean(main?.querySelector('h1')) &&
      !main.querySelector('[role="status"] .MuiCircularProgress-root') &&
      !main.querySelector('[aria-busy="true"]')
    );
  }, undefined, { timeout: 60_000, polling: 'raf' });
  return Date.now() - start;
}

const timeit = () => execFileSync('../.venv/bin/python', ['-m', 'timeit', 'sum(range(100))']).toString().trim();
const machineState = () => `load average ${loadavg().map((load) => load.toFixed(2)).join(', ')}; timeit: ${timeit()}`;

/** p50 of cold loads per screen for the baseline build and this one, interleaved (ABBA...). */
async function compareBuilds(newPage) {
  const index = { baseline: readFileSync(`${BASELINE_DIST}/index.html`), current: readFileSync('dist/index.html') };
  const lines = [];
  console.log('before:', machineState());
  for (const [name, path] of SCREENS) {
    const cold = { baseline: [], current: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const build of round % 2 ? ['current', 'baseline'] : ['baseline', 'current']) {
        writeFileSync('dist/index.html', index[build]);
        const page = await newPage();
        cold[build].push(await timeToInteractive(page, () => page.goto(path)));
        await page.context().close();
      }
    }
    lines.push(`| ${name} (\`${path}\`) | ${median(cold.baseline)} | ${median(cold.current)} | ${(median(cold.current) / median(cold.baseline)).toFixed(2)} |`);
    console.log(name, 'baseline', median(cold.baseline), 'this build', median(cold.current));
  }
  writeFileSync('dist/index.html', index.current);
  console.log('after:', machineState());
  console.log(`\n| Screen | baseline cold p50 (ms) | this build cold p50 (ms) | this / baseline |\n| --- | ---: | ---: | ---: |\n${lines.join('\n')}`);
}

/** This build's first-page JavaScript and each screen's cold and navigated times, into benchmarks/dashboard.md. */
async function measureThisBuild(newPage) {
  // The first page's JavaScript: what a person downloads before the first screen shows (its
  // heading drawn), then what that screen fetches once open (a chunk it loads lazily).
  const first = await newPage();
  await first.addInitScript(() => {
    const watch = () => {
      if (document.querySelector('main h1')) window.firstHeadingAt = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  const scripts = new Map();
  first.on('response', async (response) => {
    if (response.url().endsWith('.js')) scripts.set(response.url(), gzipSync(await response.body()).length);
  });
  await timeToInteractive(first, () => first.goto('/'));
  await first.waitForLoadState('networkidle');
  const requested = await first.evaluate(() => ({
    shownAt: window.firstHeadingAt,
    starts: performance.getEntriesByType('resource').map((entry) => [entry.name, entry.startTime]),
  }));
  const startOf = new Map(requested.starts);
  const initial = [...scripts].filter(([url]) => startOf.get(url) <= requested.shownAt);
  const later = [...scripts].filter(([url]) => !(startOf.get(url) <= requested.shownAt));
  const kb = (files) => (files.reduce((sum, [, size]) => sum + size, 0) / 1024).toFixed(1);
  await first.context().close();

  const rows = [];
  for (const [name, path, inMenu] of SCREENS) {
    const cold = [];
    const navigated = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const page = await newPage();
      cold.push(await timeToInteractive(page, () => page.goto(path)));
      await page.context().close();
      if (!inMenu) continue;
      const warm = await newPage();
      await timeToInteractive(warm, () => warm.goto('/'));
      navigated.push(await timeToInteractive(warm, () => warm.locator(`nav a[href="${path}"]`).click()));
      await warm.context().close();
    }
    rows.push({ name, path, cold, navigated });
    console.log(name, 'cold', median(cold), 'navigated', navigated.length ? median(navigated) : '-');
  }

  // What follows the table (the readings of earlier runs, written by hand) is kept as it is.
  const file = '../benchmarks/dashboard.md';
  const previous = readFileSync(file, 'utf8');
  const firstSection = previous.search(/^## /m);
  const history = firstSection === -1 ? '' : `\n${previous.slice(firstSection)}`;
  const line = ({ name, path, cold, navigated }) =>
    `| ${name} (\`${path}\`) | ${median(cold)} | ${max(cold)} | ${navigated.length ? median(navigated) : '–'} | ${navigated.length ? max(navigated) : '–'} |`;
  writeFileSync(
    file,
    `# Benchmark: the dashboard's load

\`make bench-dashboard\` (\`frontend/scripts/bench-dashboard.mjs\`): the built dashboard served as the
end-to-end tests serve it (\`frontend/e2e/serve.sh\`: the development server on SQLite with the demo
data and a real worker, over loopback), Debian's Chromium through Playwright, signed in as the demo
admin. Each screen is opened ${ROUNDS} times on a cold cache (a new browser context) and reached
${ROUNDS} times through the navigation menu from the dashboard; the time is from the request to the
screen being interactive (its heading shown, no loading state left in the page: no spinner, no chart
waiting for its code).

Machine: ${hostname()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}); ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC;
\`python -m timeit "sum(range(100))"\`: ${timeit()}.

**Initial JavaScript** (the first page, gzipped, before its screen shows): ${kb(initial)} KB in ${initial.length} file(s);
then ${kb(later)} KB in ${later.length} file(s) once the screen is open (${kb([...scripts])} KB in all).

| Screen | cold p50 (ms) | cold max (ms) | by navigation p50 (ms) | by navigation max (ms) |
| --- | ---: | ---: | ---: | ---: |
${rows.map(line).join('\n')}
${history}`,
  );
}

// The baseline's assets have hashed names: beside this build's, nothing is overwritten.
if (BASELINE_DIST) cpSync(`${BASELINE_DIST}/assets`, 'dist/assets', { recursive: true, force: false });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn('bash', ['e2e/serve.sh'], { env: { ...process.env, E2E_PORT: String(port) }, stdio: 'ignore', detached: true });
try {
  await waitUntilUp(base);
  const tokens = await (await fetch(`${base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(login),
  })).json();
  const session = JSON.stringify({ access: tokens.access, refresh: tokens.refresh, workspaceId: null, user: login.email });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const newPage = async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    await context.addInitScript((value) => localStorage.setItem('aiagency.session', value), session);
    return context.newPage();
  };
  if (BASELINE_DIST) await compareBuilds(newPage);
  else await measureThisBuild(newPage);
  await browser.close();
} finally {
  process.kill(-server.pid, 'SIGTERM');
}
