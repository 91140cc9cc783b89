// Node's side of TsfnCpuTime: process CPU time (process.cpuUsage, user + system of all threads) and wall time per
// thread-safe call delivered, `await tsfnCalls(10000, fn)` and `await tsfnCallsNative(10000)` of the same
// libbenchaddon.so, 12 rounds of 10 runs: CPU over all rounds (as TsfnCpuTime), wall of the fastest round.
// Usage: node node-tsfn-cpu.js <.so> [runs per round [rounds]]
'use strict';
const m = { exports: {} };
process.dlopen(m, process.argv[2]);
const { tsfnCalls, tsfnCallsNative } = m.exports;
const CALLS = 10000; // as TsfnBenchmark.CALLS
const runs = Number(process.argv[3] || 10), rounds = Number(process.argv[4] || 12);
let seen = 0;
const count = (i) => { seen += i; };
const measures = {
  javaFunction: () => tsfnCalls(CALLS, count),
  nativeOnly: () => tsfnCallsNative(CALLS),
};
async function time(run) {
  let wall = Infinity;
  const c0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) if (await run() !== CALLS) throw new Error('a call was not delivered');
    wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / (runs * CALLS));
  }
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) * 1000 / (rounds * runs * CALLS);
  return { cpu, wall };
}
(async () => {
  for (let pass = 0; pass < 2; pass++) {
    for (const [name, run] of Object.entries(measures)) {
      const t = await time(run);
      if (pass === 1) {
        console.log(`node ${name}: ${t.cpu.toFixed(1)} ns CPU (mean), ${t.wall.toFixed(1)} ns wall (fastest round) `
            + `per call delivered, ${rounds} rounds of ${runs * CALLS}`);
      }
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
