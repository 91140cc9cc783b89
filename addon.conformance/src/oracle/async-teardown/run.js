const { Worker, isMainThread, workerData } = require('worker_threads');
const path = require('path');
if (isMainThread) {
  const [how, mode] = process.argv.slice(2);
  const w = new Worker(__filename, { workerData: { how, mode } });
  w.on('message', () => { if (how === 'terminate') { process.stderr.write('main: terminate()\n'); w.terminate(); } });
  w.on('exit', (c) => process.stderr.write(`main: worker exit event, code ${c}\n`));
} else {
  const addon = require(path.join(__dirname, 'teardown.node'));
  const p = addon.start(workerData.mode);
  p.then(() => process.stderr.write('promise settled\n'));
  setTimeout(() => {
    if (workerData.how === 'exit') { process.stderr.write('worker: process.exit()\n'); process.exit(0); }
    else if (workerData.how === 'return') { process.stderr.write('worker: returns (loop keeps running)\n'); }
    else { require('worker_threads').parentPort.postMessage('go'); }
  }, 150);
}
