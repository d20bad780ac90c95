// For CI's `uses: ./` job: creates the demo scenario and exports what the next steps need
// (the simulator on PATH, its state directory, a token and the run id).
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_RUN_ID, orderProcessingSim } from '../test/harness/scenarios.mjs';
import { ROOT, SIM_BIN, makeToken } from '../test/harness/sim.mjs';

const sim = orderProcessingSim(process.env.RUNNER_TEMP);
const token = makeToken();
// Windows cannot run the script without a shell: a small launcher (hatchet.exe) runs it there.
const bin = process.platform === 'win32' ? join(ROOT, 'test/simulator/bin-windows') : SIM_BIN;
appendFileSync(process.env.GITHUB_PATH, `${bin}\n`);
appendFileSync(process.env.GITHUB_ENV, `HATCHET_SIM_DIR=${sim.dir}\n`);
appendFileSync(process.env.GITHUB_OUTPUT, `run-id=${DEMO_RUN_ID}\ntoken=${token}\n`);
console.log(`Simulator scenario in ${sim.dir}`);
