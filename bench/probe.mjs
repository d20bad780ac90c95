// Preloaded (`node --import`) into the action's process by `npm run bench`: when Node is ready to
// load the action's module, and when the action first writes to stdout (its first line comes right
// after its modules are loaded and its inputs read). One line on stderr at exit, read by the bench.
const ready = performance.now();
let first = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  if (!first) first = performance.now();
  return write(...args);
};
process.on('exit', () => {
  process.stderr.write(`bench-probe ready=${ready.toFixed(1)} first=${first.toFixed(1)}\n`);
});
