// compressFile under Node, printing lines that ZlibNodeDifferentialTest prints the same way from Java (a JavaFunction
// as onProgress, the CompletableFuture awaited, java.util.zip for the round trip): the two outputs must be equal.
// Usage: node compress-file.js <libzlib_async.so> <input file> <work directory>
// Compressed sizes are not printed: under Node the addon's deflate* calls bind to the zlib that the node executable
// exports (Chromium's fork, other compressed bytes), here to the system's libz; the round trip is printed instead.
const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
const m = { exports: {} };
process.dlopen(m, process.argv[2]);
const z = m.exports;
const [input, dir] = [process.argv[3], process.argv[4]];
const output = path.join(dir, 'out.z');
(async () => {
  const seen = [];
  const summary = await z.compressFile(input, output, 6, (done, total) => {
    seen.push([done, total]);
    console.log('progress', done, total);
  });
  console.log('summary', summary.bytesIn, summary.bytesOut > 0, summary.input === input, summary.output === output);
  const last = seen[seen.length - 1];
  console.log('progress calls', seen.length, 'last', last[0], last[1]);
  const back = zlib.inflateSync(fs.readFileSync(output));
  console.log('round trip', back.equals(fs.readFileSync(input)), fs.statSync(output).size === summary.bytesOut);
  const noProgress = await z.compressFile(input, path.join(dir, 'again.z'));
  console.log('without onProgress', noProgress.bytesIn, noProgress.bytesOut === summary.bytesOut);
  const empty = path.join(dir, 'empty');
  fs.writeFileSync(empty, '');
  const emptySummary = await z.compressFile(empty, empty + '.z', (d, t) => console.log('empty progress', d, t));
  console.log('empty summary', emptySummary.bytesIn, emptySummary.bytesOut);
  const missingOutput = path.join(dir, 'missing.z');
  try {
    await z.compressFile('/nonexistent/in', missingOutput, () => console.log('never'));
  } catch (e) {
    console.log('rejected', e.code, e.message, fs.existsSync(missingOutput));
  }
  try {
    await z.compressFile(input, '/nonexistent/dir/out.z');
  } catch (e) {
    console.log('rejected', e.code, e.message);
  }
  for (const args of [[input, output, 12], [input, output, 6, 'x'], [42, output], [input]]) {
    try { z.compressFile(...args); console.log('no throw'); } catch (e) { console.log('threw', e.code, e.message); }
  }
})();
