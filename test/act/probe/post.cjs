// Runs after the post step of every step below the probe: what the action left in RUNNER_TEMP.
const { readdirSync } = require('node:fs');

const homes = readdirSync(process.env.RUNNER_TEMP).filter((name) =>
  name.startsWith('hatchet-home-'),
);
console.log(`probe: private CLI homes left after the post steps: ${homes.length}`);
