// Validates Frictionless data packages with datapackage-js: the descriptor
// against the tabular-data-package profile, then every row of every
// resource against its table schema (types, required, minimum, maximum,
// pattern, enum, the primary key's uniqueness).  Prints one TAP line per
// package.
//
// usage: node validate.js NUMBER-OF-FIRST-TEST PACKAGE.json...
'use strict';
const {Package} = require('datapackage');

async function check(path) {
  const pkg = await Package.load(path);
  if (!pkg.valid)
    return 'descriptor: ' + pkg.errors.map((e) => e.message).join('; ');
  let rows = 0;
  for (const resource of pkg.resources) {
    try {
      rows += (await resource.read({keyed: true})).length;
    } catch (e) {
      const details = e.multiple ? e.errors.slice(0, 5).map((x) => x.message) : [];
      return resource.name + ': ' + e.message + ' ' + details.join('; ');
    }
  }
  return rows === 0 ? 'no rows' : null;
}

(async () => {
  let n = Number(process.argv[2]);
  let failed = 0;
  for (const path of process.argv.slice(3)) {
    const why = await check(path);
    if (why) {
      failed++;
      console.log(`not ok ${n} - ${path}: ${why.replace(/\n/g, ' ')}`);
    } else {
      console.log(`ok ${n} - ${path}: valid`);
    }
    n++;
  }
  process.exit(failed ? 1 : 0);
})();
