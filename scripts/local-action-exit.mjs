// Loaded by `npm run local-action` (after tsx) into the process that runs @github/local-action:
// its stub of `core.setFailed` records the failure in CoreMeta.exitCode but never sets the
// process's exit code, so a failed action would exit 0. This makes the failure the exit code.
const { CoreMeta } = await import(process.env.LOCAL_ACTION_CORE_STUB);
process.on('exit', (code) => {
  if (code === 0 && CoreMeta.exitCode) process.exitCode = CoreMeta.exitCode;
});
