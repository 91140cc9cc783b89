// The Node side of the conformance suite: loads one area addon and prints the lines its run() returns, one a
// line. Usage: node driver.js <path/to/libAREA.so>. The Java side (JavaDriver) prints the same run() through
// our runtime; ConformanceTest compares the two. An asynchronous area's run() answers a promise of the lines: it is
// awaited (as JavaDriver waits on the CompletableFuture).
//
// A teardown area exports start(), release() and report() instead of run(): the library is loaded here (the holder)
// and in a Worker (the subject), which awaits start(), calls release() and then process.exit(): its env ends as a
// context closes in our runtime. Once the Worker has exited, the holder's report() answers the lines.
'use strict';
const path = require('path');
const { Worker, isMainThread, workerData } = require('worker_threads');
// An asynchronous area rejects promises nobody handles on purpose (a C addon cannot attach a handler without an
// engine, and our runtime has none): Node 20 would end the process on the first one.
process.on('unhandledRejection', () => {});

function load(file) {
  // filename as require() would set it: node_api_get_module_file_name reports it (as a file: URL).
  const module_ = { exports: {}, filename: file };
  process.dlopen(module_, file);
  return module_.exports;
}

async function runArea(exports) {
  const result = exports.run();
  try {
    return result instanceof Promise ? await result : result;
  } catch (e) {
    return ['run() rejected: ' + (e && e.message)];
  }
}

function runTeardownArea(file, holder) {
  return new Promise((resolve) => {
    const subject = new Worker(__filename, { workerData: { file } });
    subject.on('error', (e) => resolve(['the subject Worker failed: ' + (e && e.message)]));
    subject.on('exit', () => resolve(holder.report()));
  });
}

async function teardownSubject(file) {
  const exports = load(file);
  await exports.start();
  exports.release();
  process.exit(0);
}

if (!isMainThread) {
  teardownSubject(workerData.file);
} else {
  const file = path.resolve(process.argv[2]);
  (async () => {
    let lines;
    try {
      const exports = load(file);
      lines = typeof exports.report === 'function' ? await runTeardownArea(file, exports) : await runArea(exports);
    } catch (e) {
      lines = ['run() threw: ' + (e && e.message)];
    }
    process.stdout.write(lines.map((l) => l + '\n').join(''));
  })();
}
