/**
 * zod, as the rest of src/ imports it. Under vitest this is the package itself; `npm run build`
 * replaces the compiled file with one minified bundle of zod (scripts/bundle-vendor.mjs), which
 * loads in about half the time of zod's ~80 modules (90 ms), on the path of every run that
 * reads a desist.json.
 */
export { z } from 'zod';
