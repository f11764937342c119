// What the language benches (go, c, python, rust) share: medians, the load average, copying a corpus below bench/.work,
// and timing a whole process with its peak RSS.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Copies files into dir (check never follows a symlink out of the folder it is given), unless dir already holds exactly them. */
export function materialise(dir, files, base) {
  const stamp = path.join(dir, '.files');
  const wanted = files.join('\n');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(dir, path.relative(base, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  fs.writeFileSync(stamp, wanted);
  return dir;
}

/**
 * Wall time and peak RSS (GNU time's %M) of a whole process; medians over `runs`, with the load average before
 * them. A process that fails (status not in okStatuses) ends the bench with status 2: a step could not run.
 */
export function wholeProcess(command, args, runs, okStatuses = [0]) {
  const load = loadavg();
  const walls = [];
  const rss = [];
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const kb = Number(r.stderr.trim().split('\n').pop());
    if (!Number.isFinite(kb) || !okStatuses.includes(r.status)) {
      console.error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
      process.exit(2);
    }
    rss.push(kb / 1024);
    stdout = r.stdout;
  }
  return { wall: median(walls), rss: median(rss), stdout, load };
}
