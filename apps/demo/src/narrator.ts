/** Prints the story and keeps score: the demo passes only if every verdict is the expected one. */
export class Narrator {
  private failures = 0;
  private checks = 0;

  chapter(title: string): void {
    process.stdout.write(`\n${title}\n`);
  }

  note(text: string): void {
    process.stdout.write(`    ${text}\n`);
  }

  /** Records one verdict: what happened against what must happen. */
  verdict(description: string, expected: string, actual: string): void {
    this.checks += 1;
    if (expected === actual) {
      process.stdout.write(`  ✔ ${description}: ${actual}\n`);
      return;
    }
    this.failures += 1;
    process.stdout.write(`  ✘ ${description}: expected ${expected}, got ${actual}\n`);
  }

  summary(): boolean {
    const passed = this.checks - this.failures;
    process.stdout.write(`\n${passed} passed, ${this.failures} failed\n`);
    return this.failures === 0 && this.checks > 0;
  }
}
