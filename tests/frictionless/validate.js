// Validates Frictionless data packages with datapackage-js: the descriptor
// against the tabular-data-package profile, then every row of every
// resource against its table schema (types, required, minimum, maximum,
// pattern, enum, the primary key's uniqueness, the foreign keys).  Prints one TAP line per
// package.
//
// usage: node validate.js NUMBER-OF-FIRST-TEST PACKAGE.json...
'use strict';
const fs = require('fs');
const {Transform} = require('stream');
const {Package} = require('datapackage');

// A UTF-8 file may begin with a byte-order mark (tvk dataset --excel
// writes one, for spreadsheets): the Unicode standard and WHATWG's
// Encoding Standard read it as a signature, not text, as frictionless-py
// does; tableschema-js reads files through Node streams, which keep it, and
// would take it for part of the first column's name.  Files are read here
// as UTF-8 decoders do: the mark at the start dropped, nothing else.
const createReadStream = fs.createReadStream;
fs.createReadStream = function (path, options) {
  let start = true;
  return createReadStream.call(fs, path, options).pipe(new Transform({
    transform(chunk, _encoding, done) {
      if (start && chunk.length >= 3 && chunk[0] === 0xEF &&
          chunk[1] === 0xBB && chunk[2] === 0xBF)
        chunk = chunk.subarray(3);
      start = false;
      done(null, chunk);
    },
  }));
};

async function check(path) {
  const pkg = await Package.load(path);
  if (!pkg.valid)
    return 'descriptor: ' + pkg.errors.map((e) => e.message).join('; ');
  let rows = 0;
  for (const resource of pkg.resources) {
    try {
      rows += (await resource.read({keyed: true, relations: true})).length;
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
