// The "callbacks" fixture (addon.fixtures/src/main/c/callbacks.c) under Node, with JavaScript functions where
// CallbacksTest passes JavaFunctions: what it prints is what the Java test expects of the runtime.
// Run: node callbacks.js path/to/libcallbacks.so
'use strict';
const m = { exports: {} };
process.dlopen(m, require('path').resolve(process.argv[2]));
const addon = m.exports;
const show = (label, v) => console.log(label, JSON.stringify(v));

const seen = [];
addon.forEach([1, 'two', { k: [3.5] }], function (...args) { seen.push(args); });
show('forEach', seen);
show('typeOf', addon.typeOf(() => null));
show('callWith', addon.callWith((a, b) => a + b, 2, 3));
show('callTwice', addon.callTwice((a) => a + '!', 'a'));
let self = 'unset';
const f = function (...args) { self = this; return args.length; };
show('callOn', [addon.callOn({ name: 'me' }, f, 'a', 'b'), self]);
addon.callWith(f);
show('callWith this', self === undefined ? 'undefined' : self);
const caught = addon.catchFrom((x) => { throw new Error('bad input ' + x); }, 7);
show('catchFrom', { caught: caught.caught, status: caught.status, name: caught.error.name,
  message: caught.error.message, code: caught.error.code });
const coded = addon.catchFrom(() => { const e = new Error('no such thing'); e.code = 'E_MISSING'; throw e; });
show('catchFrom code', [coded.error.code, coded.error.message]);
try { addon.callWith(() => { throw new Error('disk on fire'); }); } catch (e) { show('propagates', [e.name, e.message]); }
const twice = (x) => x * 2;
const outer = (x) => addon.callWith(twice, x) + 1;
show('nested', addon.callWith(outer, 5));
const nested = [];
addon.forEach([1, 2], (x) => nested.push(addon.callWith(outer, x)));
show('nested forEach', nested);
show('callResult', addon.callResult(() => () => 'inner'));
const g = () => null;
const h = () => null;
show('same', [addon.same(g, g), addon.same(g, h)]);
addon.store(g);
show('isStored', [addon.isStored(g), addon.isStored(h)]);
show('echo', addon.callWith((x) => x, g) === g);
