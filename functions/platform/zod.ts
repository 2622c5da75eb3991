/**
 * The one zod every function, the local stack and the tests import: `zod/mini`, the tree-shakable
 * build (docs/adr/0126). Classic `zod` hangs every method (and `toJSONSchema`, its processors and
 * the memoizer) on every schema, so any bundle that made one schema carried ~90 KB of zod; mini
 * has plain functions (`z.optional(s)`, `s.check(z.minLength(1))`) and a bundle keeps only those
 * it calls. Same core, so the same parsing, issues and JSON Schema.
 *
 * Mini registers no locale by itself: without this, every issue message would read "Invalid input".
 * Classic registers English on the first schema it constructs; here it is registered when this
 * module is evaluated, which ES module order puts before any module that builds or parses a schema.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
