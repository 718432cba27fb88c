import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

// The admission worker is an entry of its own: a worker thread starts from a file (`secondThreadAdmission.ts`).
// `shims` gives the CommonJS build the `import.meta.url` that locates it.
export default defineConfig(libraryBuild({ entry: { index: 'src/index.ts', admissionWorker: 'src/admissionWorker.ts' }, shims: true }));
