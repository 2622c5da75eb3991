import run from './alert-engine.bench.js';
const s = await run();
console.log(s.title); console.log(s.method); console.log(s.table);
