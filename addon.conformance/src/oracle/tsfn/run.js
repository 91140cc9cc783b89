// Loads the oracle addon (run.sh builds it) and runs its cases; the addon prints what Node answers.
const addon = require('./tsfn.node');
addon.cases();
setTimeout(() => {
  addon.plain(function () { console.log('func called with ' + arguments.length + ' argument(s), this ' + typeof this); });
}, 50);
