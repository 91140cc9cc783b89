// Node's side of the differential test (NodeAddonApiDifferentialTest): loads the naa_examples library and prints
// its observations, one a line. Usage: node driver.js <path/to/libnaa_examples.so>. The Java side
// (ExamplesDriver) makes the same calls through our runtime, with the same plain values, and prints the same lines.
'use strict';
const path = require('path');
const file = path.resolve(process.argv[2]);
const module_ = { exports: {}, filename: file };
const out = [];
function threw(e) {
  return 'threw ' + (e.code === undefined ? '' : e.code + ' ') + e.message;
}
function observe(label, f) {
  let value;
  try {
    value = f();
  } catch (e) {
    value = threw(e);
  }
  out.push(label + ': ' + value);
}
// A promise's value or rejection, awaited (ExamplesDriver waits on the CompletableFuture).
async function observeLater(label, f) {
  let value;
  try {
    value = show(await f());
  } catch (e) {
    value = threw(e);
  }
  out.push(label + ': ' + value);
}
const show = (v) => (typeof v === 'bigint' ? v + 'n' : Buffer.isBuffer(v) ? 'bytes ' + v.toString('hex') : String(v));
(async () => {
  try {
    process.dlopen(module_, file);
    const m = module_.exports;
    observe('exports', () => Object.keys(m).join(','));
    observe('Counter', () => (typeof m.Counter === 'function' ? '[Function: ' + m.Counter.name + ']' : m.Counter));
    m.run().forEach((line) => out.push('run: ' + line));
    m.probes().forEach((line) => out.push('probes: ' + line));
    observe('countWithCounter(10, 5)', () => show(m.countWithCounter(10, 5)));
    observe('countWithCounter(-1.5, 0)', () => show(m.countWithCounter(-1.5, 0)));
    observe('applyTwiceAdd(2.5, 1)', () => show(m.applyTwiceAdd(2.5, 1)));
    observe('sumOfList([1, 2, 3.5])', () => show(m.sumOfList([1, 2, 3.5])));
    observe('sumOfList([])', () => show(m.sumOfList([])));
    observe("makeBuffer('hello')", () => show(m.makeBuffer('hello')));
    observe('addBigInts(123456789012n, -12n)', () => show(m.addBigInts(123456789012n, -12n)));
    observe('addBigInts(2n ** 64n, 1n)', () => show(m.addBigInts(2n ** 64n, 1n)));
    observe('addBigInts(1, 2)', () => show(m.addBigInts(1, 2)));
    observe("fail('ERR_X', 'boom')", () => show(m.fail('ERR_X', 'boom')));
    observe("failCode('ERR_Y', 'caught')", () => show(m.failCode('ERR_Y', 'caught')));
    observe('sumFloat64(7)', () => show(m.sumFloat64(7)));
    observe('calls()', () => show(m.calls()));
    await observeLater('await sumLater(100)', () => m.sumLater(100));
    await observeLater('await sumLater(0)', () => m.sumLater(0));
    await observeLater("await failLater('no disk')", () => m.failLater('no disk'));
    await observeLater("await settle(true, 'kept')", () => m.settle(true, 'kept'));
    await observeLater("await settle(false, 'refused')", () => m.settle(false, 'refused'));
  } catch (e) {
    out.push('driver threw: ' + (e && e.message));
  }
  process.stdout.write(out.map((l) => l + '\n').join(''));
})();
