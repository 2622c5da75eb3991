import run from './vehicle-state.bench.js';
const section = await run();
console.log(section.method);
console.log(section.table);
