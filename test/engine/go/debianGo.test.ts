import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';

/** Debian's Go module sources (golang-github-gin-gonic-gin-dev 1.8.1, golang-github-fsnotify-fsnotify-dev 1.6.0, golang-golang-x-sys-dev 0.3.0, golang-golang-x-net-dev 0.7.0, which gin depends on). */
const GOCODE = '/usr/share/gocode/src';
const MODULES = ['github.com/gin-gonic/gin', 'github.com/fsnotify/fsnotify', 'golang.org/x/sys/unix', 'golang.org/x/net/nettest', 'golang.org/x/net/context/ctxhttp', 'golang.org/x/net/internal/iana'];

/** Locally a missing package skips; under CI=true (which installs them) it fails. */
function requireModules(context: Mocha.Context): void {
  const missing = MODULES.filter((m) => !fs.existsSync(path.join(GOCODE, m)));
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`${missing.join(', ')} missing under ${GOCODE}: apt-get install golang-github-gin-gonic-gin-dev golang-github-fsnotify-fsnotify-dev`);
  context.skip();
}

const findings = new Map<string, Finding[]>();

async function scan(module: string): Promise<Finding[]> {
  if (!findings.has(module)) {
    const result = await check([path.join(GOCODE, module)], { targets: ['spin'] });
    assert.deepEqual(result.errors, []);
    findings.set(module, result.findings.filter((f) => f.origin === 'source'));
  }
  return findings.get(module)!;
}

type Row = [string, number, number, string, string];
const row = (f: Finding): Row => [f.file, f.line, f.column, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-'];

/**
 * Real third-party Go, lines read by hand in the Debian packages. gin's own (non-test) code listens, serves and
 * writes uploaded files; its tests listen through a tracked `&http.Server{…}`; x/sys/unix is build-constrained
 * to unix systems or `ignore`d generators, so every finding there is guarded or test code.
 */
describe('Go sources: third-party code installed from Debian', function () {
  this.timeout(120_000);

  it('gin: Run/RunTLS/RunUnix/RunListener listen and serve, SaveUploadedFile creates a file (gin.go, context.go)', async function () {
    requireModules(this);
    const own = (await scan('github.com/gin-gonic/gin')).filter((f) => !f.test).map(row);
    assert.deepEqual(own, [
      ['context.go', 598, 14, 'go/fs-write', '-'], // out, err := os.Create(dst)
      ['gin.go', 382, 8, 'go/sockets-listen', '-'], // err = http.ListenAndServe(address, engine.Handler())
      ['gin.go', 501, 8, 'go/sockets-listen', '-'], // err = http.ListenAndServeTLS(addr, certFile, keyFile, engine.Handler())
      ['gin.go', 517, 19, 'go/sockets-listen', '-'], // listener, err := net.Listen("unix", file)
      ['gin.go', 522, 8, 'go/fs-write', '-'], // defer os.Remove(file)
      ['gin.go', 524, 8, 'go/sockets-listen', '-'], // err = http.Serve(listener, engine.Handler())
      ['gin.go', 561, 8, 'go/sockets-listen', '-'], // err = http.Serve(listener, engine.Handler())
    ]);
  });

  it('gin tests: net.Listen, then s.Serve(l) on s := &http.Server{…} inside a goroutine (context_test.go)', async function () {
    requireModules(this);
    const at = (await scan('github.com/gin-gonic/gin')).filter((f) => f.file === 'context_test.go').map(row);
    assert.deepEqual(at, [
      ['context_test.go', 2248, 16, 'go/http-outbound', 'test'], // res, err := http.DefaultClient.Do(req)
      ['context_test.go', 2260, 12, 'go/sockets-listen', 'test'], // l, err := net.Listen("tcp", ":0")
      ['context_test.go', 2267, 8, 'go/sockets-listen', 'test'], // must(s.Serve(l))
      ['context_test.go', 2271, 14, 'go/http-outbound', 'test'], // res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%s/", …))
    ]);
  });

  it('fsnotify: the inotify/kqueue/Windows backends hold no API of the data; only its tests write files', async function () {
    requireModules(this);
    const rows = (await scan('github.com/fsnotify/fsnotify')).map(row);
    assert.ok(rows.length > 0);
    assert.deepEqual(rows.filter((r) => r[4] === '-'), []); // system_darwin_test.go: test code and guarded
    assert.ok(rows.some((r) => r[0] === 'helpers_test.go' && r[1] === 305 && r[3] === 'go/fs-write')); // os.Chmod in a test helper
  });

  it('x/sys/unix: syscall.Exec in syscall_unix.go (//go:build aix || darwin || … || solaris) is guarded; nothing is unguarded', async function () {
    requireModules(this);
    const rows = (await scan('golang.org/x/sys/unix')).map(row);
    assert.deepEqual(rows.filter((r) => r[4] === '-'), []);
    assert.deepEqual(rows.filter((r) => r[0] === 'syscall_unix.go'), [['syscall_unix.go', 524, 9, 'go/process', 'guarded']]);
    // `//go:build ignore` generators (mkall.go) and cgo type files (types_darwin.go: import "C") are guarded too
    assert.ok(rows.some((r) => r[0] === 'types_darwin.go' && r[3] === 'go/native-code' && r[4] === 'guarded'));
    assert.ok(rows.some((r) => r[0] === 'linux/mkall.go' && r[4] === 'guarded'));
  });

  it('x/net ctxhttp.Do sends through net/http: ctxhttp.go:27 `client.Do(…)` after `client = http.DefaultClient` (:25); iana/gen.go:52 `http.Get(r.url)` is a `//go:build ignore` generator', async function () {
    requireModules(this);
    assert.deepEqual((await scan('golang.org/x/net/context/ctxhttp')).map(row), [['ctxhttp.go', 27, 15, 'go/http-outbound', '-']]);
    assert.deepEqual((await scan('golang.org/x/net/internal/iana')).map(row), [
      ['gen.go', 52, 16, 'go/http-outbound', 'guarded'],
      ['gen.go', 73, 12, 'go/fs-write', 'guarded'], // ioutil.WriteFile("const.go", b, 0644)
    ]);
  });

  it('x/net nettest: probeStack listens with net.Listen("tcp4", …) (nettest.go:42); the AIX probe exec.Command (:58) is guarded by `switch runtime.GOOS { case "aix":` (:54)', async function () {
    requireModules(this);
    const rows = (await scan('golang.org/x/net/nettest')).filter((f) => f.file === 'nettest.go' && f.line <= 58).map(row);
    assert.deepEqual(rows, [
      ['nettest.go', 42, 16, 'go/sockets-listen', '-'], // if ln, err := net.Listen("tcp4", "127.0.0.1:0"); err == nil {
      ['nettest.go', 49, 16, 'go/sockets-listen', '-'],
      ['nettest.go', 58, 13, 'go/process', 'guarded'], // out, _ := exec.Command("oslevel", "-s").Output() under case "aix"
    ]);
  });
});
