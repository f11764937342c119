/** A Rust compilation target as cargo.json describes it: its names and its cfg values. */
export interface CfgTarget {
  names: string[];
  cfg: Record<string, string>;
}

/**
 * Whether a `[target.<spec>]` table applies to the target. `spec` is a target name
 * (`x86_64-unknown-linux-gnu`) or a predicate (`cfg(all(unix, not(target_arch = "wasm32")))`). A bare name
 * (`unix`, `windows`) is set only when the target's cfg lists it; `key = "value"` compares with the target's
 * value. A predicate this cannot read applies (keeping a dependency is the safe side).
 */
export function targetApplies(spec: string, target: CfgTarget): boolean {
  const text = spec.trim();
  if (!text.startsWith('cfg(')) return target.names.includes(text);
  try {
    const parser = new CfgParser(text);
    const predicate = parser.parse();
    return evaluate(predicate, target);
  } catch {
    return true;
  }
}

type Predicate =
  | { kind: 'all' | 'any'; of: Predicate[] }
  | { kind: 'not'; of: Predicate }
  | { kind: 'name'; name: string }
  | { kind: 'pair'; name: string; value: string };

function evaluate(p: Predicate, target: CfgTarget): boolean {
  switch (p.kind) {
    case 'all':
      return p.of.every((q) => evaluate(q, target));
    case 'any':
      return p.of.some((q) => evaluate(q, target));
    case 'not':
      return !evaluate(p.of, target);
    case 'name':
      return Object.prototype.hasOwnProperty.call(target.cfg, p.name) && target.cfg[p.name] === '';
    case 'pair':
      return target.cfg[p.name] === p.value;
  }
}

class CfgParser {
  private i = 0;

  constructor(private readonly text: string) {}

  parse(): Predicate {
    this.expect('cfg');
    this.expect('(');
    const p = this.predicate();
    this.expect(')');
    this.skip();
    if (this.i !== this.text.length) throw new Error('trailing text');
    return p;
  }

  private predicate(): Predicate {
    const name = this.identifier();
    this.skip();
    if (name === 'all' || name === 'any' || name === 'not') {
      this.expect('(');
      const of: Predicate[] = [];
      for (;;) {
        this.skip();
        if (this.text[this.i] === ')') break;
        of.push(this.predicate());
        this.skip();
        if (this.text[this.i] === ',') this.i++;
      }
      this.expect(')');
      if (name === 'not') {
        if (of.length !== 1) throw new Error('not() takes one predicate');
        return { kind: 'not', of: of[0] };
      }
      return { kind: name, of };
    }
    if (this.text[this.i] === '=') {
      this.i++;
      this.skip();
      if (this.text[this.i] !== '"') throw new Error('expected a string');
      const end = this.text.indexOf('"', this.i + 1);
      if (end < 0) throw new Error('unterminated string');
      const value = this.text.slice(this.i + 1, end);
      this.i = end + 1;
      return { kind: 'pair', name, value };
    }
    return { kind: 'name', name };
  }

  private identifier(): string {
    this.skip();
    const start = this.i;
    while (this.i < this.text.length && /[A-Za-z0-9_]/.test(this.text[this.i])) this.i++;
    if (start === this.i) throw new Error('expected a name');
    return this.text.slice(start, this.i);
  }

  private expect(token: string) {
    this.skip();
    if (!this.text.startsWith(token, this.i)) throw new Error(`expected ${token}`);
    this.i += token.length;
  }

  private skip() {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }
}
