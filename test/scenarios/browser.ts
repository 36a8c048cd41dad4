/**
 * What the browser tests share: Debian's Chromium (never a browser download), a local server that renders the console
 * Suitelet of the world under test, one rule for a machine without Chromium, and the page helpers (screenshots, text,
 * submitting a serverWidget form).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleGet, consolePost } from './admin';
import type { World } from './world';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser test can run. CI (.ci/run) installs Debian's chromium: there a missing browser fails at once with
 * the fix; on a newcomer's machine the run goes on and says plainly what it skipped.
 */
export function chromiumOrSkip(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing, so ${what} was not tested in a browser. Install it with: apt-get install -y chromium`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(message);
  console.warn(`SKIPPED the browser test: ${message}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => { resolve(body); });
    request.on('error', reject);
  });
}

/**
 * GET renders through the Suitelet of the world under test; POST forwards the form fields (query and body, as NetSuite
 * merges them; the page's own form carries the token, NetSuite's origin stands in for this server's), then
 * `afterPost` runs (e.g. the tasks the action queued, as NetSuite would).
 */
export function serveConsole(worldNow: () => World, afterPost: (world: World) => void = () => undefined): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const world = worldNow();
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const parameters = Object.fromEntries(url.searchParams);
      const result = request.method === 'POST'
        ? consolePost(world, { ...parameters, ...Object.fromEntries(new URLSearchParams(await readBody(request))) }, { token: null })
        : consoleGet(world, parameters);
      if (request.method === 'POST') afterPost(world);
      response.writeHead(result.code, { 'Content-Type': result.headers['Content-Type'] ?? 'text/html; charset=utf-8' });
      response.end(result.body);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/site/hosting/scriptlet.nl` });
    });
  });
}

/** Closes what a browser test opened; without Chromium no server was started, and waiting for its close would hang. */
export async function closeBrowser(browser: Browser | undefined, server: Server | undefined): Promise<void> {
  await browser?.close();
  if (server !== undefined) await new Promise((resolve) => { server.close(resolve); });
}

/** Where a browser test writes its screenshots: docs/ with UPDATE_DOCS=1 (the README's), else test-output/ (gitignored). */
export function screenshotPath(name: string): string {
  const folder = join(__dirname, '..', '..', process.env.UPDATE_DOCS === '1' ? 'docs' : 'test-output');
  mkdirSync(folder, { recursive: true });
  return join(folder, name);
}

/** What the page holds at a selector (textContent: NetSuite styles group titles in capitals, the text is as written). */
export async function pageText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

/**
 * Submits the page's serverWidget form (with this Action chosen, if given). The form posts to its own URL, so wait
 * until a new document — not the marked old one — has loaded.
 */
export async function submitPage(page: Page, action?: string): Promise<void> {
  if (action !== undefined) await page.locator('select[name="custpage_action"]').selectOption({ label: action });
  await page.evaluate(() => { (globalThis as unknown as { submitted?: boolean }).submitted = true; });
  await page.locator('#submitter').click();
  await page.waitForFunction(() => (globalThis as unknown as { submitted?: boolean }).submitted !== true && (globalThis as unknown as { document: { readyState: string } }).document.readyState === 'complete');
}
