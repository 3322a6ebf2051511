/**
 * Prints a self-contained HTML report to PDF through headless Chromium (Debian's `chromium`,
 * driven by playwright-core). Every network request from the page is aborted: a report that
 * needed one would be a bug, and printing must not leak what is being printed. A missing
 * browser is a clear NightlightError, never a silent skip.
 */
import { existsSync } from 'node:fs';
import { NightlightError, messageOf } from '../../model/failure.js';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `NIGHTLIGHT_CHROMIUM` or Debian's path; the caller passes the environment in. */
export function chromiumPath(env: Record<string, string | undefined>): string {
  return env.NIGHTLIGHT_CHROMIUM ?? '/usr/bin/chromium';
}

export async function printPdf(html: string, executablePath: string): Promise<Buffer> {
  if (!existsSync(executablePath))
    throw new NightlightError(
      'store_unavailable',
      `Cannot print PDF: no Chromium at ${executablePath} (apt-get install chromium, or set NIGHTLIGHT_CHROMIUM)`,
    );
  // Loaded lazily: only the PDF format needs the browser driver.
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  } catch (error) {
    throw new NightlightError(
      'store_unavailable',
      `Cannot print PDF: Chromium at ${executablePath} did not start: ${messageOf(error).split('\n')[0] ?? ''}`,
      { cause: error },
    );
  }
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: margins });
  } finally {
    await browser.close();
  }
}

const margins = { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' };
