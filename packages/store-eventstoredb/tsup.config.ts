import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

// The in-memory stream client is a test double: its own `./testing` entry, so the main entry holds only
// what talks to a real node.
export default defineConfig(libraryBuild({ entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' } }));
