// `node --import ./examples/register.mjs examples/<name>.ts` runs an example directly.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
