import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { candidateFilter } from 'wasi-ready/engine/detectors/python/candidates';
import { pythonRules } from 'wasi-ready/engine/detectors/python/rules';
import { sourceFindings } from '../../support/findingRows';
import { scratchProject } from '../../support/projects';

/** [file, line, column, rule] of the source findings in a throwaway project with these files, on Spin. */
async function findingsIn(files: Record<string, string>): Promise<Array<[string, number, number, string]>> {
  const dir = scratchProject(files, 'wasi-ready-py-');
  try {
    return (await sourceFindings(dir, ['spin'])).map((f) => [f.file, f.line, f.column, f.ruleId]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A bare call is a module's function only where an import or an alias binds its name: `from os import system`
 * in any of its spellings, `from os import *`, `run = os.system`. Elsewhere a bare `system` is some other name
 * (psutil's `user, nice, system, idle, irq = cext.cpu_times()`), and the pre-filter leaves the file unparsed.
 */
describe('Python sources: bare names of module functions', function () {
  this.timeout(60_000);

  it('finds the call through a parenthesised import list, a continued import line, a glob import and an alias', async () => {
    assert.deepEqual(
      await findingsIn({
        'listed.py': 'from os import (\n    getcwd,\n    system,\n)\n\nsystem("make")\n',
        'continued.py': 'from subprocess import check_call, \\\n    check_output\n\ncheck_output(["git", "rev-parse", "HEAD"])\n',
        'glob.py': 'from os import *\n\nsystem("make")\n',
        'aliased.py': 'import os\n\nrun = os.system\nrun("make")\n',
      }),
      [
        ['aliased.py', 4, 1, 'python/process'],
        ['continued.py', 4, 1, 'python/process'],
        ['glob.py', 3, 1, 'python/process'],
        ['listed.py', 6, 1, 'python/process'],
      ],
    );
  });

  it('a bare name no import binds is no use: the file is not parsed and has no finding', async () => {
    const cpu = 'import os\n\n\ndef cpu_times():\n    user, system = os.times()[:2]\n    return dict(user=user, system=system)\n';
    assert.equal(candidateFilter(pythonRules()).admits(cpu), false);
    assert.deepEqual(await findingsIn({ 'cpu.py': cpu }), []);
  });
});
