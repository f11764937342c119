import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTool } from '../../support/tools';

/**
 * What rules/apis/c.json claims, proved with Debian's clang 14 and its wasi-libc (a 2022 snapshot) where that
 * snapshot behaves as current wasi-libc: an #error header, an undeclared function, an undefined symbol.
 * pthread_create (no pthread.h in the snapshot) and dlopen (no dlfcn.h) are not provable here.
 */
function build(name: string, source: string, flags: string[] = []): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-clang-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, source);
    const driver = name.endsWith('.cc') ? 'clang++' : 'clang';
    const result = spawnSync(driver, ['--target=wasm32-wasi', '-O1', ...flags, file, '-o', path.join(dir, 'out.wasm')], { encoding: 'utf8' });
    return { ok: result.status === 0, output: result.stderr + result.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('C/C++ sources: wasi-libc behaviour the messages state (clang --target=wasm32-wasi)', function () {
  this.timeout(120_000);
  before(function () {
    requireTool(this, 'clang', 'apt-get install clang lld wasi-libc libclang-rt-dev-wasm32');
    if (!fs.existsSync('/usr/lib/wasm32-wasi/libc.a')) {
      if (process.env.CI === 'true') throw new Error('wasi-libc is required under CI=true: apt-get install wasi-libc');
      this.skip();
    }
  });

  it('signal.h and sys/mman.h are #errors naming the emulation flags; with them the build links', () => {
    const signal = build('sig.c', '#include <signal.h>\nint main(void){signal(SIGINT,SIG_IGN);return 0;}\n');
    assert.equal(signal.ok, false);
    assert.match(signal.output, /wasm lacks signal support; to enable minimal signal emulation, compile with -D_WASI_EMULATED_SIGNAL and link with -lwasi-emulated-signal/);
    assert.equal(build('sig.c', '#include <signal.h>\nint main(void){signal(SIGINT,SIG_IGN);return 0;}\n', ['-D_WASI_EMULATED_SIGNAL', '-lwasi-emulated-signal']).ok, true);
    const mman = build('map.c', '#include <sys/mman.h>\nint main(void){return mmap(0,4096,PROT_READ,MAP_PRIVATE|MAP_ANONYMOUS,-1,0)!=0;}\n');
    assert.match(mman.output, /WASI lacks a true mmap; to enable minimal mmap emulation, compile with -D_WASI_EMULATED_MMAN and link with -lwasi-emulated-mman/);
  });

  it('fork, execv, popen, socket, bind, listen, alarm are not declared: a compile error in C++, a link error after a warning in C on clang 14', () => {
    const cc = build('fork.cc', '#include <unistd.h>\nint main(){return fork();}\n');
    assert.match(cc.output, /use of undeclared identifier 'fork'/);
    for (const [header, call] of [['unistd.h', 'fork()'], ['unistd.h', 'execv("/bin/ls", 0)'], ['stdio.h', 'popen("ls","r")!=0'], ['sys/socket.h', 'socket(1,1,0)'], ['sys/socket.h', 'bind(3,0,0)'], ['sys/socket.h', 'listen(3,5)'], ['unistd.h', 'alarm(3)']]) {
      const name = call.slice(0, call.indexOf('('));
      const c = build('x.c', `#include <${header}>\nint main(void){return ${call};}\n`);
      assert.match(c.output, new RegExp(`implicit declaration of function '${name}'`), name);
      assert.match(c.output, new RegExp(`undefined symbol: ${name}`), name);
    }
  });

  it('sigaction is not declared even with the signal emulation; system is declared but never defined', () => {
    const sigaction = build('sa.c', '#include <signal.h>\nint main(void){struct sigaction sa={0};return sigaction(SIGINT,&sa,0);}\n', ['-D_WASI_EMULATED_SIGNAL', '-lwasi-emulated-signal']);
    assert.match(sigaction.output, /incomplete type 'struct sigaction'/);
    const system = build('sys.c', '#include <stdlib.h>\nint main(void){return system("ls");}\n');
    assert.doesNotMatch(system.output, /implicit declaration/);
    assert.match(system.output, /undefined symbol: system/);
  });

  it('file writes, accept and OpenMP without -fopenmp compile and link; -fopenmp has no runtime to link', () => {
    const files = build('fs.c', '#include <stdio.h>\n#include <fcntl.h>\n#include <unistd.h>\n#include <sys/stat.h>\n#include <sys/socket.h>\nint main(void){FILE*f=fopen("a","w");int fd=open("b",O_WRONLY|O_CREAT,0644);mkdir("d",0755);unlink("a");rename("b","c");return (f!=0)+fd+accept(3,0,0);}\n');
    assert.equal(files.ok, true, files.output);
    const omp = 'int main(void){int s=0;\n#pragma omp parallel for\nfor(int i=0;i<4;i++)s+=i;return s;}\n';
    assert.equal(build('omp.c', omp).ok, true);
    assert.match(build('omp.c', omp, ['-fopenmp']).output, /undefined symbol: __kmpc_fork_call/);
  });
});
