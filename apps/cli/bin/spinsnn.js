#!/usr/bin/env node
// The `spinsnn` command. A committed file, not dist/main.js itself: `npm ci` on a fresh clone runs
// before the build, and npm links a workspace's bin only when its target already exists.
import '../dist/main.js';
