// Debian's Chromium, headless, with nothing of its own on the network: what
// every browser test opens the review page in.
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// The review page at `url` in a new browser: the browser, the page, and the
// script errors it collects.
export async function openReview(url) {
  const browser = await launch();
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(url);
  return { browser, page, errors };
}

// A page of the size the tests look at, collecting script errors in `errors`.
export async function openPage(browser, errors) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", e => errors.push(e.message));
  return page;
}
