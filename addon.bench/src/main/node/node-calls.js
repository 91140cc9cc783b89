// Node's side of the per-call comparison in the benchmark report (dev.addons.bench.NodeCalls runs it).
//
// Loads the very libbenchaddon.so the JMH benchmarks call (process.dlopen: the addon is built against our
// headers, which are ABI-compatible with Node's) and times, per call:
//   add     add(20, 22) called from a JS loop   (beside the bound call of add and call("add"))
//   noop    noop() called from a JS loop        (beside the bound call of noop)
//   addLoop addLoop(1000): the addon's own C loop calling exports.add through napi_call_function, per inner
//           call (beside BreakdownBenchmark.napiOnly, which runs the identical C loop in our runtime)
// Samples of `calls` calls each, timed with process.hrtime.bigint(): warm-up rounds, then `samples` rounds
// of one sample of each measure (interleaved, so that a burst of load from other processes is spread over the
// three instead of falling on one); per measure the median sample's time per call, printed as one JSON line
// (the fastest and slowest sample show the spread).
//
// usage: node node-calls.js <libbenchaddon.so> <calls per sample> <samples> <warm-up samples>
'use strict';

const LOOP = 1000; // inner calls per addLoop call, as BreakdownBenchmark.LOOP

const [file, callsArg, samplesArg, warmupArg] = process.argv.slice(2);
const calls = Number(callsArg);
const samples = Number(samplesArg);
const warmup = Number(warmupArg);
if (!file || !(calls >= LOOP) || !(samples >= 1) || !(warmup >= 0)) {
  console.error('usage: node node-calls.js <libbenchaddon.so> <calls per sample, >= ' + LOOP
      + '> <samples, >= 1> <warm-up samples>');
  process.exit(2);
}

const m = { exports: {} };
process.dlopen(m, file);
const addon = m.exports;
for (const name of ['add', 'noop', 'addLoop']) {
  if (typeof addon[name] !== 'function') {
    throw new Error(file + ' has no export ' + name
        + ' (exports: ' + Object.getOwnPropertyNames(addon).join(', ') + ')');
  }
}

// One sample of each measure: nanoseconds per call. The results are checked so the loops are not dead code.
function sampleAdd() {
  const add = addon.add;
  let a = 20, b = 22, sum = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sum += add(a, b);
  const ns = Number(process.hrtime.bigint() - t0) / calls;
  if (sum !== 42 * calls) throw new Error('add(20, 22) summed to ' + sum + ' over ' + calls + ' calls');
  return ns;
}

function sampleNoop() {
  const noop = addon.noop;
  let undef = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) if (noop() === undefined) undef++;
  const ns = Number(process.hrtime.bigint() - t0) / calls;
  if (undef !== calls) throw new Error('noop() returned something other than undefined');
  return ns;
}

function sampleAddLoop() {
  const outer = Math.floor(calls / LOOP);
  const expected = LOOP * (LOOP + 1) / 2; // addLoop sums add(i, 1) for i < LOOP
  let bad = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < outer; i++) if (addon.addLoop(LOOP) !== expected) bad++;
  const ns = Number(process.hrtime.bigint() - t0) / (outer * LOOP);
  if (bad !== 0) throw new Error('addLoop(' + LOOP + ') did not answer ' + expected);
  return ns;
}

function median(times) {
  const t = times.slice().sort((x, y) => x - y);
  const n = t.length;
  return { median: n % 2 === 1 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2, min: t[0], max: t[n - 1] };
}

const measures = { add: sampleAdd, noop: sampleNoop, addLoop: sampleAddLoop };
const times = { add: [], noop: [], addLoop: [] };
for (let round = 0; round < warmup + samples; round++) {
  for (const name of Object.keys(measures)) {
    const ns = measures[name]();
    if (round >= warmup) times[name].push(ns);
  }
}
const add = median(times.add);
const noop = median(times.noop);
const addLoop = median(times.addLoop);
console.log(JSON.stringify({
  kind: 'node-calls',
  node: process.version,
  napiVersion: process.versions.napi,
  calls, samples, warmup, loop: LOOP,
  addNs: add.median, addMinNs: add.min, addMaxNs: add.max,
  noopNs: noop.median, noopMinNs: noop.min, noopMaxNs: noop.max,
  addLoopNs: addLoop.median, addLoopMinNs: addLoop.min, addLoopMaxNs: addLoop.max,
}));
