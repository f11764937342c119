import Mocha = require('mocha');

/**
 * mocha's spec reporter plus the plain closing line CI reads ("N passed, N failed"): mocha's own
 * "N passing" line is not one that CI recognises.
 */
class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = this.stats;
      // Printed after the spec epilogue, alone on its line.
      process.nextTick(() => process.stdout.write(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`));
    });
  }
}

export = SpecWithTotals;
