// The Node side of the conformance suite: loads one area addon and prints the lines its run() returns, one a
// line. Usage: node driver.js <path/to/libAREA.so>. The Java side (JavaDriver) prints the same run() through
// our runtime; ConformanceTest compares the two.
'use strict';
const path = require('path');
const file = path.resolve(process.argv[2]);
// filename as require() would set it: node_api_get_module_file_name reports it (as a file: URL).
const module_ = { exports: {}, filename: file };
try {
  process.dlopen(module_, file);
  const lines = module_.exports.run();
  process.stdout.write(lines.map((l) => l + '\n').join(''));
} catch (e) {
  process.stdout.write('run() threw: ' + (e && e.message) + '\n');
}
