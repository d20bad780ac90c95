// Loaded by `npm run local-action` (after tsx) into the process that runs @github/local-action.
// 1. Its stub of `core.setFailed` records the failure in CoreMeta.exitCode but never sets the
//    process's exit code, so a failed action would exit 0. This makes the failure the exit code.
// 2. The action writes workflow commands through src/text/actions.ts (the part of @actions/core
//    it uses, without @actions/core's HTTP client): that module gets the same stub as
//    @actions/core, through the same quibble that local-action stubs @actions/core with.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import quibble from 'quibble';

const { CoreMeta } = await import(process.env.LOCAL_ACTION_CORE_STUB);
const SHIM = join(dirname(fileURLToPath(import.meta.url)), '..', 'src/text/actions.ts');
// Whatever local-action stubs @actions/core with, it stubs src/text/actions.ts with too.
const esm = quibble.esm.bind(quibble);
quibble.esm = async (path, stubs, ...rest) => {
  const stubbed = await esm(path, stubs, ...rest);
  if (stubs && typeof stubs.setFailed === 'function') await esm(SHIM, stubs);
  return stubbed;
};
process.on('exit', (code) => {
  if (code === 0 && CoreMeta.exitCode) process.exitCode = CoreMeta.exitCode;
});
