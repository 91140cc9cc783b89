// Node's side of the per-call comparison in the benchmark report (dev.addons.bench.NodeCalls runs it).
//
// Loads the very libbenchaddon.so the JMH benchmarks call (process.dlopen: the addon is built against our
// headers, which are ABI-compatible with Node's) and times, per call:
//   add     add(20, 22) called from a JS loop   (beside the bound call of add and call("add"))
//   noop    noop() called from a JS loop        (beside the bound call of noop)
//   addLoop addLoop(1000): the addon's own C loop calling exports.add through napi_call_function, per inner
//           call (beside BreakdownBenchmark.napiOnly, which runs the identical C loop in our runtime)
//   addAsync     `await addAsync(1, 2)` in a loop: one async work queued, executed on libuv's pool, completed on
//                the loop, its promise resolved and awaited; per round trip (beside AsyncBenchmark.roundTrip)
//   addAsyncMany `await addAsyncMany(1000)`: a thousand works and one promise; per work (beside
//                AsyncBenchmark.manyWorks)
//   addNow       `await addNow(1, 2)`: a promise resolved within the call, awaited (beside
//                AsyncBenchmark.settledPromise)
//   tsfnCalls    `await tsfnCalls(10000, fn)`: one native thread makes 10,000 blocking calls to a thread-safe
//                function whose call_js calls fn(i) on the main thread; per call delivered (beside
//                TsfnBenchmark.javaFunction)
//   tsfnCallsNative `await tsfnCallsNative(10000)`: the same with a call_js that only counts in C (beside
//                TsfnBenchmark.nativeOnly)
// The async measures take calls / ASYNC_DIVISOR round trips (or works) per sample: each costs microseconds; the
// thread-safe function measures calls / TSFN_DIVISOR calls (whole runs of TSFN_CALLS, at least one).
// Samples of `calls` calls each, timed with process.hrtime.bigint(): warm-up rounds, then `samples` rounds
// of one sample of each measure (interleaved, so that a burst of load from other processes is spread over the
// three instead of falling on one); per measure the median sample's time per call, printed as one JSON line
// (the fastest and slowest sample show the spread).
//
// usage: node node-calls.js <libbenchaddon.so> <calls per sample> <samples> <warm-up samples>
'use strict';

const LOOP = 1000; // inner calls per addLoop call, as BreakdownBenchmark.LOOP
const MANY = 1000; // works per addAsyncMany call, as AsyncBenchmark.MANY
const ASYNC_DIVISOR = 100; // an async sample has calls / ASYNC_DIVISOR round trips (or works)
const TSFN_CALLS = 10000; // calls per tsfnCalls run, as TsfnBenchmark.CALLS
const TSFN_DIVISOR = 10; // a thread-safe function sample has calls / TSFN_DIVISOR calls

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
const asyncCalls = Math.max(1, Math.floor(calls / ASYNC_DIVISOR));
const tsfnRuns = Math.max(1, Math.floor(calls / TSFN_DIVISOR / TSFN_CALLS));
for (const name of ['add', 'noop', 'addLoop', 'addAsync', 'addAsyncMany', 'addNow', 'tsfnCalls',
  'tsfnCallsNative']) {
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

async function sampleAddAsync() {
  const addAsync = addon.addAsync;
  let sum = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < asyncCalls; i++) sum += await addAsync(1, 2);
  const ns = Number(process.hrtime.bigint() - t0) / asyncCalls;
  if (sum !== 3 * asyncCalls) throw new Error('addAsync(1, 2) summed to ' + sum + ' over ' + asyncCalls + ' calls');
  return ns;
}

async function sampleAddAsyncMany() {
  const outer = Math.max(1, Math.floor(asyncCalls / MANY));
  const expected = MANY * (MANY + 1) / 2; // the works add (i + 1) for i < MANY
  let bad = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < outer; i++) if (await addon.addAsyncMany(MANY) !== expected) bad++;
  const ns = Number(process.hrtime.bigint() - t0) / (outer * MANY);
  if (bad !== 0) throw new Error('addAsyncMany(' + MANY + ') did not answer ' + expected);
  return ns;
}

async function sampleAddNow() {
  const addNow = addon.addNow;
  let sum = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < asyncCalls; i++) sum += await addNow(1, 2);
  const ns = Number(process.hrtime.bigint() - t0) / asyncCalls;
  if (sum !== 3 * asyncCalls) throw new Error('addNow(1, 2) summed to ' + sum + ' over ' + asyncCalls + ' calls');
  return ns;
}

async function sampleTsfnCalls() {
  const tsfnCalls = addon.tsfnCalls;
  let seen = 0, bad = 0;
  const count = (i) => { seen += i; };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < tsfnRuns; i++) if (await tsfnCalls(TSFN_CALLS, count) !== TSFN_CALLS) bad++;
  const ns = Number(process.hrtime.bigint() - t0) / (tsfnRuns * TSFN_CALLS);
  if (bad !== 0 || seen !== tsfnRuns * TSFN_CALLS * (TSFN_CALLS + 1) / 2) {
    throw new Error('tsfnCalls(' + TSFN_CALLS + ', fn) did not deliver each call once');
  }
  return ns;
}

async function sampleTsfnCallsNative() {
  const tsfnCallsNative = addon.tsfnCallsNative;
  let bad = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < tsfnRuns; i++) if (await tsfnCallsNative(TSFN_CALLS) !== TSFN_CALLS) bad++;
  const ns = Number(process.hrtime.bigint() - t0) / (tsfnRuns * TSFN_CALLS);
  if (bad !== 0) throw new Error('tsfnCallsNative(' + TSFN_CALLS + ') did not deliver every call');
  return ns;
}

function median(times) {
  const t = times.slice().sort((x, y) => x - y);
  const n = t.length;
  return { median: n % 2 === 1 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2, min: t[0], max: t[n - 1] };
}

async function main() {
  const measures = {
    add: sampleAdd, noop: sampleNoop, addLoop: sampleAddLoop,
    addAsync: sampleAddAsync, addAsyncMany: sampleAddAsyncMany, addNow: sampleAddNow,
    tsfnCalls: sampleTsfnCalls, tsfnCallsNative: sampleTsfnCallsNative,
  };
  const times = {};
  for (const name of Object.keys(measures)) times[name] = [];
  for (let round = 0; round < warmup + samples; round++) {
    for (const name of Object.keys(measures)) {
      const ns = await measures[name]();
      if (round >= warmup) times[name].push(ns);
    }
  }
  const line = {
    kind: 'node-calls',
    node: process.version,
    napiVersion: process.versions.napi,
    calls, samples, warmup, loop: LOOP, asyncCalls, many: MANY, tsfnCalls: TSFN_CALLS, tsfnRuns,
  };
  for (const name of Object.keys(measures)) {
    const m = median(times[name]);
    line[name + 'Ns'] = m.median;
    line[name + 'MinNs'] = m.min;
    line[name + 'MaxNs'] = m.max;
  }
  console.log(JSON.stringify(line));
}

main().catch((e) => {
  console.error(e && e.stack || String(e));
  process.exit(1);
});
