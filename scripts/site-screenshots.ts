import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { chooseBrowser } from '../drivers/resolve';

/**
 * The README's two pictures of the findings site, from reports/index.html as the last run wrote it:
 * `npx tsx scripts/site-screenshots.ts [scenario] [project]` → docs/site.png (the top of the site) and
 * docs/site-cell.png (that cell opened: its timeline and trials; default network-cut:reject:periodic-send, chromium).
 */

const root = path.join(__dirname, '..');

async function main(): Promise<void> {
  const [scenario = 'network-cut:reject:periodic-send', project = 'chromium'] = process.argv.slice(2);
  const browser = chooseBrowser('chromium');
  if ('missing' in browser) throw new Error(browser.missing);
  const docs = path.join(root, 'docs');
  mkdirSync(docs, { recursive: true });
  const launched = await chromium.launch({ executablePath: browser.executable });
  try {
    const page = await launched.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(path.join(root, 'reports', 'index.html')).href);
    await page.screenshot({ path: path.join(docs, 'site.png') });
    const panel = page.locator(`section.detail[data-scenario="${scenario}"][data-project="${project}"]`).first();
    const id = await panel.getAttribute('id');
    await page.locator(`a.cell[href="#${id}"]`).first().click();
    await panel.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(docs, 'site-cell.png') });
    console.log(`docs/site.png, docs/site-cell.png (${scenario} on ${project})`);
  } finally {
    await launched.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
