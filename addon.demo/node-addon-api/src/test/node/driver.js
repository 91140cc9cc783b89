// Node's side of the differential test (NodeAddonApiDifferentialTest): loads the naa_examples library and prints
// its observations, one a line. Usage: node driver.js <path/to/libnaa_examples.so>. The Java side
// (ExamplesDriver) makes the same calls through our runtime, with Java functions where these are JavaScript
// functions and Java arrays where these are typed arrays, and prints the values with dev.addons.api.Inspect as
// util.inspect prints them here.
'use strict';
const path = require('path');
const util = require('util');
const file = path.resolve(process.argv[2]);
const module_ = { exports: {}, filename: file };
const out = [];
function threw(e) {
  return 'threw ' + (e.code === undefined ? '' : e.code + ' ') + e.message;
}
function observe(label, f) {
  let value;
  try {
    value = util.inspect(f());
  } catch (e) {
    value = threw(e);
  }
  out.push(label + ': ' + value);
}
// A promise's value or rejection, awaited (ExamplesDriver waits on the CompletableFuture).
async function observeLater(label, f) {
  let value;
  try {
    value = util.inspect(await f());
  } catch (e) {
    value = threw(e);
  }
  out.push(label + ': ' + value);
}
function coded(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}
(async () => {
  try {
    process.dlopen(module_, file);
    const m = module_.exports;
    out.push('exports: ' + Object.keys(m).join(','));
    out.push('Counter: ' + util.inspect(m.Counter));
    m.run().forEach((line) => out.push('run: ' + line));
    m.probes().forEach((line) => out.push('probes: ' + line));
    observe('countWithCounter(10, 5)', () => m.countWithCounter(10, 5));
    observe('countWithCounter(-1.5, 0)', () => m.countWithCounter(-1.5, 0));
    const seen = [];
    observe('applyTwice(x => x * 3, 2)', () => m.applyTwice((x) => {
      seen.push(x);
      return x * 3;
    }, 2));
    observe('  the callback saw', () => seen);
    observe("applyTwice(s => s + '!', 'hi')", () => m.applyTwice((s) => s + '!', 'hi'));
    observe('applyTwice(x => [x], 1)', () => m.applyTwice((x) => [x], 1));
    observe('applyTwice(throws ERR_CALLBACK)', () => m.applyTwice(() => {
      throw coded('ERR_CALLBACK', 'the callback said no');
    }, 1));
    observe('applyTwice(throws an Error)', () => m.applyTwice(() => {
      throw new Error('plain failure');
    }, 1));
    observe('applyTwice(7, 1)', () => m.applyTwice(7, 1));
    observe('callWithEach(inspect)', () => m.callWithEach((v, i) => util.inspect(v) + ' #' + i));
    observe('callWithEach(throws on objects)', () => m.callWithEach((v) => {
      if (typeof v === 'object') {
        throw coded('ERR_NO_OBJECTS', 'objects refused');
      }
      return v;
    }));
    observe('callWithEach(i => i * i)', () => m.callWithEach((v, i) => i * i));
    observe('sumFloat64(Float64Array [1, 2, 3.5])', () => m.sumFloat64(new Float64Array([1, 2, 3.5])));
    observe('sumFloat64(Float64Array [])', () => m.sumFloat64(new Float64Array([])));
    observe('sumFloat64(Int32Array [1])', () => m.sumFloat64(new Int32Array([1])));
    observe('sumFloat64(7)', () => m.sumFloat64(7));
    observe('int32Range(0, 5)', () => m.int32Range(0, 5));
    observe('int32Range(10, -10, -7)', () => m.int32Range(10, -10, -7));
    observe('int32Range(3, 3)', () => m.int32Range(3, 3));
    observe('int32Range(0, 2 ** 31)', () => m.int32Range(0, 2 ** 31));
    observe('int32Range(0, 1, 0.5)', () => m.int32Range(0, 1, 0.5));
    observe("makeBuffer('hello')", () => m.makeBuffer('hello'));
    observe("makeBuffer('')", () => m.makeBuffer(''));
    observe('makeBuffer(<Buffer 01 02 ff>)', () => m.makeBuffer(Buffer.from([1, 2, 255])));
    observe('addBigInts(123456789012n, -12n)', () => m.addBigInts(123456789012n, -12n));
    observe('addBigInts(2n ** 63n - 1n, 1n)', () => m.addBigInts(2n ** 63n - 1n, 1n));
    observe('addBigInts(2n ** 64n, 1n)', () => m.addBigInts(2n ** 64n, 1n));
    observe('addBigInts(-(2n ** 200n), 2n ** 200n - 1n)', () => m.addBigInts(-(2n ** 200n), 2n ** 200n - 1n));
    observe('addBigInts(3n, -3n)', () => m.addBigInts(3n, -3n));
    observe('addBigInts(1, 2)', () => m.addBigInts(1, 2));
    observe("fail('ERR_X', 'boom')", () => m.fail('ERR_X', 'boom'));
    observe("failCode('ERR_Y', 'caught')", () => m.failCode('ERR_Y', 'caught'));
    observe('calls()', () => m.calls());
    // Promises: awaited one after the other, as ExamplesDriver awaits them.
    await observeLater('await sumLater(100)', () => m.sumLater(100));
    await observeLater('await sumLater(0)', () => m.sumLater(0));
    await observeLater("await failLater('no disk')", () => m.failLater('no disk'));
    await observeLater("await settle(true, 'kept')", () => m.settle(true, 'kept'));
    await observeLater("await settle(false, 'refused')", () => m.settle(false, 'refused'));
    // Thread-safe functions: a native thread's values reach the callback in order; what it saw is printed once the
    // promise (settled by the function's finalizer) resolved, so no line depends on the threads' timing.
    const squares = [];
    await observeLater('await produce(collect, 5)', () => m.produce((v, i) => {
      squares.push(v);
      if (i === 2) {
        throw coded('ERR_TWO', 'not the third');
      }
      return v + 0.5;
    }, 5));
    observe('  the callback saw', () => squares);
    await observeLater('await produce(collect, 0)', () => m.produce((v) => v, 0));
    const fibonacci = [];
    await observeLater('await produceTyped(collect, 6)', () => m.produceTyped((v) => {
      fibonacci.push(v);
    }, 6));
    observe('  the callback saw', () => fibonacci);
    await observeLater('await produceTyped(throws, 3)', () => m.produceTyped(() => {
      throw new Error('refused');
    }, 3));
    const full = [];
    await observeLater('await fillQueue(collect, 2, 4)', () => m.fillQueue((v) => {
      full.push(v);
    }, 2, 4));
    observe('  the callback saw', () => full);
    const aborted = [];
    await observeLater('await abortQueued(collect, 3)', () => m.abortQueued((v) => {
      aborted.push(v);
    }, 3));
    observe('  the callback saw', () => aborted);
    observe('produce(7, 1)', () => m.produce(7, 1));
    // Node resolves the promise in abortQueued's finalizer and runs the await's continuation before it hands the
    // aborted values to CallJs to be freed: the count is read after one more await.
    await observeLater('await produce(collect, 1)', () => m.produce((v) => v, 1));
    observe('tsfnItemsAlive()', () => m.tsfnItemsAlive());
  } catch (e) {
    out.push('driver threw: ' + (e && e.message));
  }
  process.stdout.write(out.map((l) => l + '\n').join(''));
})();
