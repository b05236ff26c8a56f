// `node --import ./register-ts.js file.ts`: installs ts-hooks.js for that process.
import { register } from 'node:module';

register('./ts-hooks.js', import.meta.url);
