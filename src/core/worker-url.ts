/**
 * Where a worker thread's module is: beside the module starting it, in dist/. Tests run the
 * TypeScript sources (src/), and a worker cannot load those, so from src/ the built copy is used.
 *
 * @example
 * workerModuleUrl('file:///app/dist/io/events.js', 'parse-worker.js').href;   // 'file:///app/dist/io/parse-worker.js'
 * workerModuleUrl('file:///app/src/io/events.ts', 'parse-worker.js').href;    // 'file:///app/dist/io/parse-worker.js'
 */
export function workerModuleUrl(callerUrl: string, file: string): URL {
  if (!callerUrl.endsWith('.ts')) return new URL(file, callerUrl);
  const at = callerUrl.lastIndexOf('/src/');
  return new URL(file, `${callerUrl.slice(0, at)}/dist/${callerUrl.slice(at + '/src/'.length)}`);
}
