// The review page at archive scale: opens a suggestions file of tens of
// thousands in headless Chromium and measures what a reviewer waits for —
// the first card, and each keystroke's answer (accept, reject, undo, next).
//   node scale.mjs URL
// Prints one JSON line: first_card_ms (the page's clock, from navigation
// start), first_card_wall_ms (the driver's), and each action's milliseconds.
import { launch, openPage } from "./chromium.mjs";

const [url] = process.argv.slice(2);
const browser = await launch();
try {
  const errors = [];
  const page = await openPage(browser, errors);
  const start = Date.now();
  await page.goto(url);
  // The first card with its text (not a placeholder).
  await page.waitForSelector(".card .diff", { timeout: 60000 });
  const firstCardWall = Date.now() - start;
  // From the start of the navigation to the first card, in the page's clock
  // (without the test driver's own round trips and the first renderer's start).
  const firstCard = Math.round(await page.evaluate(() => performance.getEntriesByName("first-card")[0].startTime));
  const shown = await page.$$eval(".card", cs => cs.length);
  const total = await page.textContent("#progress");
  // Each action: a key, then the page showing its effect.
  const currentId = () => page.$eval(".card.current", c => c.dataset.id);
  // `done(arg)` says when the key has taken effect; `arg` defaults to the
  // card that was current when the key was pressed.
  const timed = async (key, done, arg) => {
    const before = arg ?? await currentId();
    const t = Date.now();
    await page.keyboard.press(key);
    await page.waitForFunction(done, before, { timeout: 10000, polling: "raf" });
    return Date.now() - t;
  };
  const statusOf = "id => { const c = document.querySelector(`[data-id=\"${id}\"] .status`); return c ? c.textContent : ''; }";
  const actions = [];
  for (let i = 0; i < 5; i++) {
    actions.push(["accept", await timed("a", new Function("id", `return (${statusOf})(id) === "accepted";`))]);
    const rejected = await currentId();
    actions.push(["reject", await timed("r", new Function("id", `return (${statusOf})(id) === "rejected";`))]);
    // Undo: the rejected card is current again, and undecided.
    actions.push(["undo", await timed("u", new Function("id", `return document.querySelector(".card.current").dataset.id === id && (${statusOf})(id) === "undecided";`), rejected)]);
    actions.push(["next", await timed("j", new Function("id", `return document.querySelector(".card.current").dataset.id !== id;`))]);
  }
  console.log(JSON.stringify({ first_card_ms: firstCard, first_card_wall_ms: firstCardWall, cards_in_dom: shown, progress: total, actions, errors }));
} finally {
  await browser.close();
}
