// Drives `ocrmend review` in headless Chromium: load, accept, reject, undo,
// reload (decisions kept), filter, and a screenshot. Usage:
//   node review.mjs URL SCREENSHOT.png
// Prints one JSON line with what it saw; exits non-zero on any failure.
import { openReview } from "./chromium.mjs";
import assert from "node:assert/strict";

const [url, screenshot] = process.argv.slice(2);
const { browser, page, errors } = await openReview(url);
try {
  await page.waitForSelector(".card");
  const cards = await page.$$eval(".card", cs => cs.map(c => c.dataset.id));
  assert.ok(cards.length >= 3, "at least three suggestions");
  // A lost character whose join is applied by default says it goes in only
  // with it; one whose join is suggested is part of the join's card.
  const requires = await page.$$eval(".card .requires", ps => ps.map(p => p.textContent));
  assert.ok(requires.length >= 1 && requires.every(t => t.startsWith("Applied only with the join at this seam")), String(requires));
  // Cards are grouped under a heading per document and page.
  const groups = await page.$$eval("h3.group", hs => hs.map(h => h.textContent));
  assert.ok(groups.some(g => g.startsWith("jiaxing-daily-page.txt")) && groups.some(g => g.startsWith("national-intelligencer-1801.txt")), String(groups));
  const fixCards = await page.$$eval(".card", cs => cs.filter(c => c.querySelector(".with")).map(c => c.dataset.id));
  assert.ok(fixCards.length >= 1, "a join and its lost character as one card");
  const status = id => page.$eval(`[data-id="${id}"] .status`, e => e.textContent);

  // Keyboard: accept the first, reject the second (a join with its lost
  // character: both), accept the third, undo it.
  assert.equal(cards[1], fixCards[0], "the second card is the join with its lost character");
  await page.keyboard.press("a");
  await page.waitForFunction(id => document.querySelector(`[data-id="${id}"] .status`).textContent === "accepted", cards[0]);
  await page.keyboard.press("r");
  await page.waitForFunction(id => document.querySelector(`[data-id="${id}"] .status`).textContent === "rejected", cards[1]);
  await page.keyboard.press("a");
  await page.waitForFunction(id => document.querySelector(`[data-id="${id}"] .status`).textContent === "accepted", cards[2]);
  await page.keyboard.press("u");
  await page.waitForFunction(id => document.querySelector(`[data-id="${id}"] .status`).textContent === "undecided", cards[2]);
  // A button works as well as a key: skip the third.
  await page.click(`[data-id="${cards[2]}"] button[data-decision="skip"]`);
  assert.match(await page.textContent("#progress"), /^3 of \d+ decided — 1 accepted, 2 rejected/);
  assert.equal(await page.$eval(`[data-id="${cards[1]}"] .with .status`, e => e.textContent), "rejected");

  // Reload: the decisions come back from the log.
  await page.reload();
  await page.waitForSelector(".card");
  assert.equal(await status(cards[0]), "accepted");
  assert.equal(await status(cards[1]), "rejected");
  assert.equal(await status(cards[2]), "undecided");

  // Filters: undecided only hides the two cards decided.
  await page.check("#undecided");
  const undecided = await page.$$eval(".card", cs => cs.length);
  assert.equal(undecided, cards.length - 2);
  await page.uncheck("#undecided");

  // Accept all shown at or above a confidence: only undecided ones, only those.
  const decidedCount = async () => parseInt((await page.textContent("#progress")).match(/^(\d+) of/)[1]);
  const before = await decidedCount();
  await page.fill("#accept-min", "0.85");
  await page.click("#accept-above");
  await page.waitForFunction(n => parseInt(document.querySelector("#progress").textContent) > n, before);
  const bulk = (await decidedCount()) - before;
  const high = await page.$$eval(".card", cs => cs.filter(c => {
    const conf = parseFloat(c.querySelector(".meta").textContent.match(/confidence ([0-9.]+)/)[1]);
    return conf >= 0.85;
  }).map(c => [c.dataset.id, c.querySelector(".status").textContent]));
  for (const [id, s] of high) if (id !== cards[1]) assert.equal(s, "accepted", id);
  assert.equal(await status(cards[1]), "rejected", "a decision already made stays");
  const low = await page.$$eval(".card", cs => cs.filter(c =>
    parseFloat(c.querySelector(".meta").textContent.match(/confidence ([0-9.]+)/)[1]) < 0.85).length);
  assert.ok(low > 0, "some below the bar");
  // Undo takes back the bulk acceptance one at a time, as it was saved.
  for (let i = 0; i < bulk; i++) await page.keyboard.press("u");
  await page.waitForFunction(n => document.querySelector("#progress").textContent.startsWith(n + " of"), before);

  // The join without its lost character: one answer, two decisions. The
  // page renders a window of cards around the current one: step back to it.
  for (let i = 0; i < cards.length && !(await page.$(`[data-id="${cards[1]}"]`)); i++) await page.keyboard.press("k");
  await page.click(`[data-id="${cards[1]}"] button[data-decision="without"]`);
  await page.waitForFunction(id => document.querySelector(`[data-id="${id}"] .status`).textContent === "accepted", cards[1]);
  assert.equal(await page.$eval(`[data-id="${cards[1]}"] .with .status`, e => e.textContent), "rejected");

  // More context, from the input: the card's context grows (the third
  // card's, on the long sample page).
  const narrow = await page.$eval(`[data-id="${cards[2]}"] .diff`, d => d.textContent.length);
  await page.click(`[data-id="${cards[2]}"] button[data-action="context"]`);
  await page.waitForFunction(([id, n]) => document.querySelector(`[data-id="${id}"] .diff`).textContent.length > n + 200, [cards[2], narrow]);

  // Side by side: before and after in two columns.
  await page.check("#side");
  assert.equal(await page.$$eval(".card > .sides", x => x.length), cards.length);
  await page.uncheck("#side");

  // Without the token nothing is served.
  const bare = await page.request.get(new URL("/api/state", url).href);
  assert.equal(bare.status(), 403);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot });
  assert.deepEqual(errors, [], "no script errors");
  console.log(JSON.stringify({ accepted: cards[0], rejected: cards[1], skipped: cards[2], shown: cards.length }));
} finally {
  await browser.close();
}
