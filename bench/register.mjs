// Lets `node --import ./bench/register.mjs bench/run.ts` run the TypeScript sources directly on
// Node 20 (no --experimental-strip-types there): .ts files are transpiled with the typescript
// devDependency, types erased only (the sources use erasable syntax, verbatimModuleSyntax).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
