import { exitWhenFlushed } from './action/exit.js';
import { run } from './action/main.js';

exitWhenFlushed(await run());
