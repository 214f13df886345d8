/**
 * One-time notices to the user: a deprecated name, a setting that makes a run do nothing (a device
 * that swallows every requested change), a fast path that is off. Each key is said once per
 * process; the sink is stderr by default (the CLI keeps stdout for results), and tests or apps may
 * redirect it.
 */
let sink: (message: string) => void = (m) => {
  if (typeof process !== 'undefined' && process.stderr) process.stderr.write(`spinsnn: ${m}\n`);
};
const said = new Set<string>();

/** Redirects one-time notices (default: stderr), e.g. to collect them in a test or show them in a page. */
export function setNoticeSink(s: (message: string) => void): void {
  sink = s;
}

/** Says `message` unless a notice with this key was said already. */
export function noticeOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  sink(message);
}
