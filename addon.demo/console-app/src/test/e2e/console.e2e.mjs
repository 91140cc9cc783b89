// End-to-end test of the console variant, as a person would use it: a real headless Chromium (Debian's chromium,
// driven by playwright-core) against the Felix Web Console of a running addon-console.jar on loopback.
// Started by run-e2e.sh, which passes everything in the environment:
//   CONSOLE_URL (http://127.0.0.1:PORT), CONSOLE_USER, CONSOLE_PASSWORD, ADDON_JAR (addon.demo.instancedata jar),
//   HOOKS_JAR (addon.demo.cleanuphooks jar), APP_PID and APP_LOG (the application's process and its output),
//   SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium), RESULT_FILE (gets "passed failed").
// Each step is one test; a failed step ends the run and the steps after it count as failed (they depend on it).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const base = env('CONSOLE_URL');
const user = env('CONSOLE_USER');
const password = env('CONSOLE_PASSWORD');
const addonJar = env('ADDON_JAR');
const hooksJar = env('HOOKS_JAR');
const appPid = Number(env('APP_PID'));
const appLog = env('APP_LOG');
const shots = env('SCREENSHOT_DIR');
const resultFile = env('RESULT_FILE', '');
const console_ = `${base}/system/console`;
const BSN = 'addon.demo.instancedata';
const HOOKS_BSN = 'addon.demo.cleanuphooks';

mkdirSync(shots, { recursive: true });

const steps = [];
const step = (name, fn) => steps.push({ name, fn });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Polls fn until it returns a truthy value (or throws its last error after timeoutMs).
async function eventually(fn, message, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = new Error(message);
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${message}: ${last.message}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  // Debian's chromium in a container, with the network closed; playwright adds a fresh --user-data-dir.
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({
  httpCredentials: { username: user, password },
  viewport: { width: 1280, height: 900 },
});
context.setDefaultTimeout(15000);
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

const shot = (name) => page.screenshot({ path: join(shots, name), fullPage: true });

// The bundle list row of the demo bundle (the console renders rows from JSON: id entry<ID>, name, symbolic name).
const bundleRow = (bsn = BSN) => page.locator('#plugin_table tbody tr[id^="entry"]', {
  has: page.locator('span.symName', { hasText: new RegExp(`^${bsn.replace(/\./g, '\\.')}$`) }),
});
async function bundleState(bsn = BSN) {
  const row = bundleRow(bsn);
  if ((await row.count()) === 0) return null;
  return (await row.locator('td').nth(4).textContent()).trim();
}
async function openBundles() {
  const response = await page.goto(`${console_}/bundles`);
  check(response.status() === 200, `bundles page: HTTP ${response.status()}`);
  await page.locator('#plugin_table tbody tr[id="entry0"]').waitFor();
}
// Reloads the bundles page until the demo bundle is in the wanted state (installs and updates run in the
// background in the console).
async function waitForBundleState(wanted, bsn = BSN) {
  return eventually(async () => {
    await openBundles();
    const state = await bundleState(bsn);
    return wanted.includes(state) ? state : false;
  }, `bundle ${bsn} in state ${wanted.join(' or ')}`);
}
async function clickAction(title, bsn = BSN) {
  await bundleRow(bsn).locator(`li[title="${title}"]`).click();
}
// The upload dialog of the Bundles page (Install/Update...): file, "Start Bundle" if asked, Install or Update.
async function upload(jar, start) {
  await openBundles();
  await page.locator('button.installButton').first().click();
  const dialog = page.locator('.ui-dialog', { has: page.locator('#uploadDialog') });
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#uploadDialog input[type="file"][name="bundlefile"]').first().setInputFiles(jar);
  if (start) await page.locator('#uploadDialog input[name="bundlestart"]').check();
  await shot(start ? '08-upload-dialog-start.png' : '02-upload-dialog.png');
  await Promise.all([
    page.waitForNavigation(),
    dialog.getByRole('button', { name: 'Install or Update' }).click(),
  ]);
}

// The Addons page: context rows of the demo bundle and the counters.
let bundleId = null;
async function openAddons() {
  const response = await page.goto(`${console_}/addons`);
  check(response.status() === 200, `addons page: HTTP ${response.status()}`);
  await page.locator('#addons-plugin').waitFor();
}
const demoContexts = () => page.locator(`#addons-contexts tr.addons-context[data-owner="${BSN} [${bundleId}]"]`);
async function counter(name) {
  return Number(await page.locator(`#addons-counters tr[data-counter="${name}"] td`).nth(1).textContent());
}

let contextId = null;
let closedBefore = 0;
let finalizersBefore = 0;

step('login: the console refuses anonymous requests and lets the configured user in', async () => {
  const anonymous = await browser.newContext();
  const refused = await anonymous.request.get(`${console_}/bundles`);
  check(refused.status() === 401, `anonymous request: HTTP ${refused.status()}, expected 401`);
  const wrong = await browser.newContext({ httpCredentials: { username: user, password: `${password}-wrong` } });
  const denied = await wrong.request.get(`${console_}/bundles`);
  check(denied.status() === 401, `wrong password: HTTP ${denied.status()}, expected 401`);
  await anonymous.close();
  await wrong.close();

  await openBundles();
  check((await bundleState()) === null, `${BSN} is installed before the test`);
  await shot('01-bundles-before.png');
});

step('install the example addon bundle through the upload form (Install/Update...)', async () => {
  await upload(addonJar, false);
  const state = await waitForBundleState(['Installed', 'Resolved']);
  bundleId = (await bundleRow().getAttribute('id')).replace('entry', '');
  await openAddons();
  check((await demoContexts().count()) === 0, `installed (${state}), not started: no context expected yet`);
});

step('another site cannot change it: its form POST and a POST with a foreign Origin get 403', async () => {
  // A page of http://evil.example (served by the browser itself: page.route) that submits a form to the console
  // as soon as it loads. The browser attaches the console's credentials: without the guard the bundle would start.
  const evil = 'http://evil.example';
  const target = `${console_}/bundles/${bundleId}`;
  const attacker = await context.newPage();
  await attacker.route(`${evil}/**`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<form id="f" method="post" action="${target}"><input name="action" value="start"></form>`
      + '<script>document.getElementById("f").submit()</script>',
  }));
  const [answer] = await Promise.all([
    attacker.waitForResponse((r) => r.url() === target && r.request().method() === 'POST' && r.status() !== 401),
    attacker.goto(`${evil}/attack.html`),
  ]);
  const sentOrigin = (await answer.request().allHeaders()).origin;
  check(sentOrigin === evil, `the browser sent Origin ${sentOrigin}`);
  check(answer.status() === 403, `cross-site form POST: HTTP ${answer.status()}, expected 403`);
  await attacker.close();

  // The same with the credentials given directly (as fetch or curl could): start and uninstall, refused.
  for (const action of ['start', 'uninstall']) {
    const direct = await context.request.post(target, { form: { action }, headers: { Origin: evil } });
    check(direct.status() === 403, `POST action=${action} with Origin ${evil}: HTTP ${direct.status()}, expected 403`);
  }
  const log = readFileSync(appLog, 'utf8');
  check(log.includes(`addon.webconsole.guard: refused POST /system/console/bundles/${bundleId}`),
    'a log line for each refused request');
  await openBundles();
  const state = await bundleState();
  check(state === 'Installed' || state === 'Resolved', `the bundle is still installed and not started: ${state}`);
});

step('start it from the bundle list: state Active', async () => {
  await openBundles();
  await clickAction('Start');
  await eventually(async () => (await bundleState()) === 'Active', 'bundle row shows Active');
  await shot('03-bundle-active.png');
});

step('the Addons page shows its context (owner, module multiple_load, OPEN)', async () => {
  await openAddons();
  await eventually(async () => (await demoContexts().count()) === 1, 'one context row of the demo bundle');
  const row = demoContexts();
  contextId = await row.getAttribute('data-context-id');
  const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
  // ID, Name, Owner, Modules, State, Age, Calls
  check(cells[2] === `${BSN} [${bundleId}]`, `owner cell: ${cells[2]}`);
  check(cells[3] === 'multiple_load', `modules cell: ${cells[3]}`);
  check(cells[4] === 'OPEN', `state cell: ${cells[4]}`);
  check(/^\d+ s$|^\d+ min \d+ s$/.test(cells[5]), `age cell: ${cells[5]}`);
  check(cells[6] === '0', `calls cell: ${cells[6]}`);
  const module = page.locator('#addons-modules tr.addons-module[data-module="multiple_load"]');
  check((await module.count()) === 1, 'multiple_load in the loaded modules table');
  const moduleCells = (await module.locator('td').allTextContents()).map((s) => s.trim());
  check(/libmultiple_load\.so$/.test(moduleCells[1]) && moduleCells[2] === '1' && moduleCells[3] === 'yes',
    `module row: ${moduleCells}`);
  closedBefore = await counter('contextsClosed');
  finalizersBefore = await counter('finalizersRun');
  // The picture in docs/web-console.md: the page down to the end of the plugin's content.
  const box = await page.locator('#addons-plugin').boundingBox();
  await page.screenshot({ path: join(shots, '04-addons-page.png'),
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 16) } });
});

step('update it through the bundle row (Update, Upload...): a new context replaces the old one', async () => {
  await openBundles();
  await clickAction('Update');
  const dialog = page.locator('.ui-dialog', { has: page.locator('#updateDialog') });
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#updateDialog input[type="file"][name="bundlefile"]').setInputFiles(addonJar);
  await Promise.all([page.waitForNavigation(), dialog.getByRole('button', { name: 'Upload...' }).click()]);
  await openAddons();
  await eventually(async () => {
    await openAddons();
    const rows = demoContexts();
    return (await rows.count()) === 1 && (await rows.getAttribute('data-context-id')) !== contextId;
  }, 'the context of the updated bundle (a new id)');
  const newId = await demoContexts().getAttribute('data-context-id');
  check((await counter('contextsClosed')) >= closedBefore + 1, 'the old context was closed');
  check((await counter('finalizersRun')) > finalizersBefore, 'its instance-data finalizer ran');
  contextId = newId;
  closedBefore = await counter('contextsClosed');
  finalizersBefore = await counter('finalizersRun');
});

step('stop it: the context is gone, its hooks and finalizers ran', async () => {
  await waitForBundleState(['Active']);
  await clickAction('Stop');
  await eventually(async () => (await bundleState()) === 'Resolved', 'bundle row shows Resolved');
  await openAddons();
  check((await demoContexts().count()) === 0, 'no context of the stopped bundle');
  check((await page.locator('#addons-modules tr[data-module="multiple_load"]').count()) === 0,
    'multiple_load no longer mapped');
  check((await counter('contextsClosed')) === closedBefore + 1, 'one more context closed');
  check((await counter('finalizersRun')) > finalizersBefore, 'the instance-data finalizer ran');
  await shot('05-addons-after-stop.png');
});

step('uninstall it: gone from the bundle list, still no context', async () => {
  await openBundles();
  await clickAction('Uninstall');
  await eventually(async () => {
    await openBundles();
    return (await bundleState()) === null;
  }, 'bundle row removed');
  await shot('06-bundles-after-uninstall.png');
  await openAddons();
  check((await demoContexts().count()) === 0, 'no context after uninstall');
});

step('install and start the cleanup-hooks addon in one upload, uninstall it while active: its hooks run', async () => {
  await openAddons();
  const hooksBefore = await counter('hooksRun');
  await upload(hooksJar, true);
  await waitForBundleState(['Active'], HOOKS_BSN);
  const hooksId = (await bundleRow(HOOKS_BSN).getAttribute('id')).replace('entry', '');
  const row = `#addons-contexts tr.addons-context[data-owner="${HOOKS_BSN} [${hooksId}]"]`;
  await openAddons();
  check((await page.locator(row).count()) === 1, 'a context of the cleanup-hooks bundle');
  check((await page.locator(`${row} td`).nth(3).textContent()).trim() === 'cleanup_hooks', 'module cleanup_hooks');
  await openBundles();
  await clickAction('Uninstall', HOOKS_BSN);
  await eventually(async () => {
    await openBundles();
    return (await bundleState(HOOKS_BSN)) === null;
  }, 'cleanup-hooks bundle row removed');
  await openAddons();
  check((await page.locator(row).count()) === 0, 'its context is gone');
  const hooksRun = await counter('hooksRun');
  check(hooksRun >= hooksBefore + 4, `its four cleanup hooks ran: hooksRun ${hooksBefore} -> ${hooksRun}`);
  await shot('09-addons-after-hooks.png');
});

step('the status dump has the addons inventory printer (text and JSON)', async () => {
  const response = await page.goto(`${console_}/status-addons`);
  check(response.status() === 200, `status-addons: HTTP ${response.status()}`);
  await page.getByText('Addon runtime', { exact: false }).first().waitFor();
  await shot('07-status-addons.png');
  const json = await page.request.get(`${console_}/status-addons.json`);
  check(json.status() === 200, `status-addons.json: HTTP ${json.status()}`);
  const data = await json.json();
  check(data.runtime === 'active' && Array.isArray(data.contexts), `JSON: ${JSON.stringify(data).slice(0, 200)}`);
  check(data.counters.contextsClosed >= 3, `counters in the dump: ${JSON.stringify(data.counters)}`);
  // Status > Configuration Status > Download As Text: the full dump, ours in it, complete to its last printer.
  const dump = await page.request.get(`${console_}/config/configuration-status.txt`);
  check(dump.status() === 200, `configuration-status.txt: HTTP ${dump.status()}`);
  const text = await dump.text();
  check(text.includes('*** Addon runtime:') && text.includes('Lifecycle counters'), 'addons printer in the dump');
  check(text.includes('*** Threads:'), 'the dump is complete (the Threads printer comes after ours)');
});

step('stop the framework from System Information (Stop): open contexts close, the application exits', async () => {
  await upload(hooksJar, true);
  await waitForBundleState(['Active'], HOOKS_BSN);
  const logBefore = readFileSync(appLog, 'utf8');
  const response = await page.goto(`${console_}/vmstat`);
  check(response.status() === 200, `vmstat: HTTP ${response.status()}`);
  page.once('dialog', (dialog) => dialog.accept());   // "This will stop the framework and all bundles."
  await page.locator('#shutdownform input[type="submit"][value="Stop"]').click();
  await shot('10-system-information-stop.png');
  const alive = () => {
    try {
      process.kill(appPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // The console counts down (5 s), then stops the system bundle; the launcher exits when the framework has stopped.
  await eventually(() => !alive(), `application process ${appPid} exits`, 30000);
  const output = readFileSync(appLog, 'utf8').slice(logBefore.length);
  check(/cleanup\(4\)\s+cleanup\(3\)\s+cleanup\(2\)\s+cleanup\(1\)/.test(output),
    `the cleanup-hooks addon's hooks ran at framework stop, newest first: ${output.slice(-400)}`);
});

step('no JavaScript errors on the console pages', async () => {
  check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
});

let passed = 0;
let failed = 0;
let broken = null;
for (const { name, fn } of steps) {
  if (broken) {
    failed++;
    console.log(`not ok - ${name} (not run: an earlier step failed)`);
    continue;
  }
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    broken = name;
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
    await shot('failure.png').catch(() => {});
  }
}
await browser.close();
if (resultFile) writeFileSync(resultFile, `${passed} ${failed}\n`);
process.exitCode = failed === 0 ? 0 : 1;
