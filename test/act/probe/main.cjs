// The probe's main step: nothing to do but to exist, so that its post step runs.
console.log(`probe: Node ${process.version}`);
