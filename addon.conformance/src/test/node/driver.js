// The Node side of the conformance suite: loads one area addon and prints the lines its run() returns, one a
// line. Usage: node driver.js <path/to/libAREA.so>. The Java side (JavaDriver) prints the same run() through
// our runtime; ConformanceTest compares the two. An asynchronous area's run() answers a promise of the lines: it is
// awaited (as JavaDriver waits on the CompletableFuture).
'use strict';
const path = require('path');
const file = path.resolve(process.argv[2]);
// An asynchronous area rejects promises nobody handles on purpose (a C addon cannot attach a handler without an
// engine, and our runtime has none): Node 20 would end the process on the first one.
process.on('unhandledRejection', () => {});
// filename as require() would set it: node_api_get_module_file_name reports it (as a file: URL).
const module_ = { exports: {}, filename: file };
(async () => {
  let lines;
  try {
    process.dlopen(module_, file);
    const result = module_.exports.run();
    try {
      lines = result instanceof Promise ? await result : result;
    } catch (e) {
      lines = ['run() rejected: ' + (e && e.message)];
    }
  } catch (e) {
    lines = ['run() threw: ' + (e && e.message)];
  }
  process.stdout.write(lines.map((l) => l + '\n').join(''));
})();
