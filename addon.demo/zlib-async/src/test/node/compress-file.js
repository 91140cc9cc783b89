// Runs zlib_async.compressFile under Node: progress lines, the summary, the round trip, and a missing file.
const zlib = require('zlib');
const fs = require('fs');
const m = { exports: {} };
process.dlopen(m, process.argv[2]);
const z = m.exports;
const [input, output] = [process.argv[3], process.argv[4]];
(async () => {
  const seen = [];
  const settledAfter = [];
  const summary = await z.compressFile(input, output, 6, (done, total) => {
    seen.push([done, total]);
    console.log('progress', done, total);
  });
  console.log('summary', summary.bytesIn, summary.bytesOut, summary.input === input, summary.output === output);
  console.log('progress calls', seen.length, 'last', seen[seen.length - 1]);
  const back = zlib.inflateSync(fs.readFileSync(output));
  console.log('round trip', back.equals(fs.readFileSync(input)), fs.statSync(output).size === summary.bytesOut);
  const noProgress = await z.compressFile(input, output + '.2');
  console.log('without onProgress', noProgress.bytesIn);
  const empty = output + '.empty';
  fs.writeFileSync(empty, '');
  await z.compressFile(empty, empty + '.z', (d, t) => console.log('empty progress', d, t));
  try {
    await z.compressFile('/nonexistent/in', output + '.3', () => console.log('never'));
  } catch (e) {
    console.log('rejected', e.code, e.message, e.path, e.syscall, fs.existsSync(output + '.3'));
  }
  try {
    await z.compressFile(input, '/nonexistent/dir/out.z');
  } catch (e) {
    console.log('rejected', e.code, e.message, e.path, e.syscall);
  }
  try { z.compressFile(input, output, 12); } catch (e) { console.log('threw', e.code, e.message); }
  try { z.compressFile(input, output, 6, 'x'); } catch (e) { console.log('threw', e.code, e.message); }
  try { z.compressFile(42, output); } catch (e) { console.log('threw', e.code, e.message); }
})();
