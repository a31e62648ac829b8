/** The @example lines of src/core/worker-url.ts, and a path that holds another `src` folder. */
import { describe, expect, it } from 'vitest';
import { workerModuleUrl } from '../../src/core/worker-url.js';

describe('workerModuleUrl', () => {
  it('beside the caller in dist/, and the built copy from src/', () => {
    expect(workerModuleUrl('file:///app/dist/io/events.js', 'parse-worker.js').href).toBe('file:///app/dist/io/parse-worker.js');
    expect(workerModuleUrl('file:///app/src/io/events.ts', 'parse-worker.js').href).toBe('file:///app/dist/io/parse-worker.js');
  });
  it('only the last src/ of the path is the sources folder', () => {
    expect(workerModuleUrl('file:///home/me/src/desist/src/measures/nowcast-thread.ts', 'nowcast-worker.js').href).toBe(
      'file:///home/me/src/desist/dist/measures/nowcast-worker.js',
    );
  });
});
