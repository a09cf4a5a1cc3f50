// Package checks on the packed tarball (what npm would publish): publint (strict) and are-the-types-wrong.
import { execFileSync } from 'node:child_process';
import { packTarball, repoRoot } from './pack-tarball.mjs';

const tarball = packTarball();
const run = (command, args) => execFileSync('npx', [command, ...args], { cwd: repoRoot, stdio: 'inherit' });
console.log(`Checking ${tarball}`);
run('publint', ['run', tarball, '--strict']);
run('attw', [tarball, '--profile', 'node16', '--format', 'table-flipped']);
