import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version (src/ and dist/ both sit one level below package.json). */
export const VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * The method version: the definitions in docs/method.md that the figures follow. It changes
 * when any figure's definition changes (a figure computed from the same data could differ),
 * not when only the tool does.
 */
export const METHOD_VERSION = '1.0';
