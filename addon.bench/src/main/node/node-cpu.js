// Node's side of CpuTimePerCall: CPU time per call (process.cpuUsage, user + system of this one-thread loop) of
// add(20, 22) and noop() of the same libbenchaddon.so, fastest of 12 rounds of 1,000,000. Usage: node node-cpu.js <.so>
const m = { exports: {} };
process.dlopen(m, process.argv[2]);
const { add, noop } = m.exports;
const n = 1_000_000, rounds = 12;
function time(f) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) * 1000 / n);
  }
  return best;
}
let s = 0;
const fa = () => { for (let i = 0; i < n; i++) s += add(20, 22); };
const fn = () => { for (let i = 0; i < n; i++) noop(); };
time(fa); time(fn);
console.log(`node add: ${time(fa).toFixed(1)} ns CPU per call; noop: ${time(fn).toFixed(1)} ns (fastest of ${rounds} x ${n}) ${s > 0}`);
