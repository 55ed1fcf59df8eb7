// A card with the part of the scan it is about, photographed for the README:
//   node scan.mjs URL SCREENSHOT.png
// Prints one JSON line: the crop's size as the page shows it.
import { openReview } from "./chromium.mjs";
import assert from "node:assert/strict";

const [url, screenshot] = process.argv.slice(2);
const { browser, page, errors } = await openReview(url);
try {
  await page.waitForSelector(".card img.scan");
  await page.waitForFunction(() => { const i = document.querySelector(".card img.scan"); return i.complete && i.naturalWidth > 0; });
  const size = await page.$eval(".card img.scan", i => [i.naturalWidth, i.naturalHeight]);
  await page.locator(".card").first().screenshot({ path: screenshot });
  assert.deepEqual(errors, [], "no script errors");
  console.log(JSON.stringify({ crop: size }));
} finally {
  await browser.close();
}
